import type { UnitInfo } from "./parse-unit.ts";

/** What a changed unit file asks of the running unit (switch-to-configuration-ng `compare_units`). */
export type UnitComparison = "equal" | "reload" | "restart";

/**
 * `[Unit]` keys that describe how systemd treats the unit, not what it runs: changing them never
 * restarts anything (the daemon-reload applies them).
 */
const IGNORED_UNIT_KEYS = new Set([
  "Description",
  "Documentation",
  "OnFailure",
  "OnSuccess",
  "OnFailureJobMode",
  "IgnoreOnIsolate",
  "StopWhenUnneeded",
  "RefuseManualStart",
  "RefuseManualStop",
  "AllowIsolate",
  "CollectMode",
  "SourcePath",
]);
const RELOAD_TRIGGERS = "X-Reload-Triggers";

function sameValues(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Reference §3.5, rule for rule. Restart dominates, so it returns at once. */
export function compareUnits(old: UnitInfo, next: UnitInfo): UnitComparison {
  let result: UnitComparison = "equal";
  const isIgnoredUnitKey = (section: string, key: string) => section === "Unit" && (IGNORED_UNIT_KEYS.has(key) || key === RELOAD_TRIGGERS);

  for (const [sectionName, oldSection] of old) {
    const newSection = next.get(sectionName);
    if (!newSection) {
      const keys = [...oldSection.keys()];
      // Dropping a [Unit] of only ignored keys, or a [Service] of only ExecReload, changes nothing that runs.
      if (sectionName === "Unit" && keys.every((k) => isIgnoredUnitKey(sectionName, k))) continue;
      if (sectionName === "Service" && keys.every((k) => k === "ExecReload")) continue;
      return "restart";
    }
    for (const [key, oldValues] of oldSection) {
      const newValues = newSection.get(key);
      if (newValues === undefined) {
        if (isIgnoredUnitKey(sectionName, key)) continue;
        if (sectionName === "Service" && key === "ExecReload") continue;
        return "restart";
      }
      if (sameValues(oldValues, newValues)) continue;
      if (sectionName === "Unit" && key === RELOAD_TRIGGERS) result = "reload";
      else if (isIgnoredUnitKey(sectionName, key)) continue;
      else if (sectionName === "Service" && key === "ExecReload") result = "reload";
      else if (sectionName === "Mount" && key === "Options") result = "reload";
      else return "restart";
    }
    const added = [...newSection.keys()].filter((k) => !oldSection.has(k));
    if (added.length === 0) continue;
    if (sectionName === "Unit") {
      for (const key of added) {
        if (key === RELOAD_TRIGGERS) result = "reload";
        else if (!IGNORED_UNIT_KEYS.has(key)) return "restart";
      }
    } else if (sectionName === "Service" && added.length === 1 && added[0] === "ExecReload") {
      result = "reload";
    } else {
      return "restart";
    }
  }

  const newSections = [...next.keys()].filter((s) => !old.has(s));
  if (newSections.length > 1) return "restart";
  const only = newSections[0];
  if (only !== undefined) {
    const keys = [...next.get(only)!.keys()];
    if (only === "Unit" && keys.every((k) => isIgnoredUnitKey(only, k))) {
      if (keys.includes(RELOAD_TRIGGERS)) result = "reload";
    } else if (only === "Service" && keys.length === 1 && keys[0] === "ExecReload") {
      result = "reload";
    } else {
      return "restart";
    }
  }
  return result;
}
