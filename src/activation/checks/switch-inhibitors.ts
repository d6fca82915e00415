import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";

/** `<toplevel>/switch-inhibitors`: system.switch.inhibitors as JSON. */
export const SWITCH_INHIBITORS_FILE = "switch-inhibitors";

/** A missing or unparsable file counts as no inhibitors (reference §3.13), so old generations never block. */
export function readSwitchInhibitors(toplevel: string): Record<string, string> {
  try {
    const value = JSON.parse(readFileSync(join(realpathSync(toplevel), SWITCH_INHIBITORS_FILE), "utf8")) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  } catch {
    return {};
  }
}

/** `<key> : <old> -> <new>` for every key both sides have with different values; keys on one side only never block. */
export function inhibitorChanges(current: Record<string, string>, incoming: Record<string, string>): string[] {
  return Object.keys(incoming)
    .filter((k) => Object.hasOwn(current, k) && current[k] !== incoming[k])
    .sort()
    .map((k) => `${k} : ${current[k]} -> ${incoming[k]}`);
}

/**
 * The built-in pre-switch check `switchInhibitors`, with NixOS's messages: a change of a
 * critical component (say, the D-Bus implementation) cannot be applied to a running system, so
 * only `boot` (and a reboot) may deliver it.
 */
export function checkSwitchInhibitors(opts: { incoming: string; action: string; root?: string }): { ok: boolean; lines: string[] } {
  if (opts.action === "boot") return { ok: true, lines: [`Not checking switch inhibitors (action = ${opts.action})`] };
  const changes = inhibitorChanges(readSwitchInhibitors(join(opts.root ?? "/", "run/current-system")), readSwitchInhibitors(opts.incoming));
  if (changes.length === 0) return { ok: true, lines: ["Checking switch inhibitors... done"] };
  return {
    ok: false,
    lines: [
      "Checking switch inhibitors...",
      "There are changes to critical components of the system:",
      "",
      ...changes.map((c) => `  ${c}`),
      "",
      "These changes cannot be applied to the running system.",
      "Use `rebuild boot` and reboot the system instead,",
      "or set KEEL_NO_CHECK=1 (NIXOS_NO_CHECK=1 works too) to skip the pre-switch checks.",
    ],
  };
}
