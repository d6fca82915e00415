import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseUnitText, type UnitInfo, unitFileExists } from "./parse-unit.ts";

/**
 * Where a generation's system units are, highest priority first: Keel's own units in
 * `etc/systemd/system`, then the packages' units in `sw/lib/systemd/system` (Keel keeps Debian's
 * units where Debian put them, unlike NixOS, which copies every unit into /etc; comparing both
 * directories is what lets a package update restart the units it changed).
 */
export interface UnitSearchPath {
  dirs: string[];
}

export function unitSearchPath(toplevelOrRoot: { etc: string; sw: string }): UnitSearchPath {
  return { dirs: [join(toplevelOrRoot.etc, "systemd/system"), join(toplevelOrRoot.sw, "lib/systemd/system")] };
}

/** The unit file systemd would load for `name`: the first directory that has it (masked counts as absent). */
export function findUnitFile(path: UnitSearchPath, name: string): string | undefined {
  for (const dir of path.dirs) {
    const file = join(dir, name);
    // A link to /dev/null in a higher directory masks the unit everywhere.
    if (lstatSync(file, { throwIfNoEntry: false })) return unitFileExists(file) ? file : undefined;
  }
  return undefined;
}

function dropInFiles(path: UnitSearchPath, name: string): string[] {
  // Drop-ins of every directory apply, ordered by file name (a later directory's same name loses).
  const byName = new Map<string, string>();
  for (const dir of [...path.dirs].reverse()) {
    const d = join(dir, `${name}.d`);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) if (f.endsWith(".conf")) byName.set(f, join(d, f));
  }
  return [...byName.keys()].sort().map((f) => byName.get(f)!).filter(unitFileExists);
}

/** The drop-ins that apply to an instance on its own (not via its template). */
export function instanceDropIns(path: UnitSearchPath, name: string): string[] {
  return dropInFiles(path, name);
}

/** A unit's base file merged with its drop-ins (and an instance's own), or undefined if absent or masked. */
export function loadUnitFrom(path: UnitSearchPath, baseName: string, instanceName?: string): UnitInfo | undefined {
  const file = findUnitFile(path, baseName);
  if (!file) return undefined;
  const info = parseUnitText(readFileSync(file, "utf8"));
  for (const d of dropInFiles(path, baseName)) parseUnitText(readFileSync(d, "utf8"), info);
  if (instanceName && instanceName !== baseName) for (const d of dropInFiles(path, instanceName)) parseUnitText(readFileSync(d, "utf8"), info);
  return info;
}
