import type { UnitPlan } from "../units/plan-units.ts";
import { escapeSystemdPath } from "../../system/units/unit-names.ts";

interface FstabEntry {
  device: string;
  type: string;
  options: string;
}

/**
 * Mount points that cannot be unmounted under a running system: a changed device or type there
 * waits for a reboot (only an options change is applied, by remounting). NixOS's `/` and `/nix`;
 * Keel's store and state live under /keel.
 */
const LIVE_MOUNTS = new Set(["/", "/keel", "/keel/store"]);

/**
 * fstab(5)'s octal escapes (`\040` for a blank): the unit name comes from the real path, so
 * `/mnt/my\040disk` is `mnt-my\x20disk.mount`, as systemd-fstab-generator names it.
 */
export function unescapeFstabField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Reference §3.8: comment lines are skipped whole (a `#` anywhere), swap goes to its own table. */
export function parseFstab(text: string): { mounts: Map<string, FstabEntry>; swaps: Map<string, FstabEntry> } {
  const mounts = new Map<string, FstabEntry>();
  const swaps = new Map<string, FstabEntry>();
  for (const line of text.split("\n")) {
    if (line.includes("#")) continue;
    const [device, mountPoint, type, options = ""] = line.trim().split(/\s+/).map(unescapeFstabField);
    if (!device || !mountPoint || !type) continue;
    if (type === "swap") swaps.set(device, { device, type, options });
    else mounts.set(mountPoint, { device, type, options });
  }
  return { mounts, swaps };
}

/**
 * Folds the fstab diff into the unit plan: changed mounts are restarted (or remounted when only
 * options changed), vanished ones stopped. Returns the swap devices to turn off directly, since
 * swap alias units make `systemctl stop` unreliable.
 */
export function planFstab(plan: UnitPlan, oldText: string, newText: string): string[] {
  const old = parseFstab(oldText);
  const next = parseFstab(newText);
  for (const [mountPoint, entry] of old.mounts) {
    const unit = `${escapeSystemdPath(mountPoint)}.mount`;
    const now = next.mounts.get(mountPoint);
    if (!now) {
      const stopped = entry.options.includes("x-systemd.automount") ? `${escapeSystemdPath(mountPoint)}.automount` : unit;
      plan.stop.add(stopped);
      plan.decisions.push({ unit: stopped, decision: "fstab" });
    } else if (now.device !== entry.device || now.type !== entry.type) {
      if (LIVE_MOUNTS.has(mountPoint)) {
        if (now.options !== entry.options) {
          plan.reload.add(unit);
          plan.decisions.push({ unit, decision: "fstab" });
        }
      } else {
        plan.restart.add(unit);
        plan.decisions.push({ unit, decision: "fstab" });
      }
    } else if (now.options !== entry.options) {
      plan.reload.add(unit);
      plan.decisions.push({ unit, decision: "fstab" });
    }
  }
  return [...old.swaps.keys()].filter((device) => !next.swaps.has(device)).sort();
}
