import { KeelError } from "../../errors.ts";

/** One `environment.etc` entry after evaluation, with its text already turned into a store file. */
export interface EtcEntry {
  /** Path below /etc, e.g. `ssh/sshd_config`. */
  target: string;
  /** Store path (or a path inside one) the entry points at. */
  source: string;
  /** `symlink` (default), `direct-symlink`, or an octal mode such as `0440` for a copied file. */
  mode: string;
  user: string;
  group: string;
  /** Where it was defined, for error messages. */
  definedIn?: string[];
}

export class EtcConflictError extends KeelError {
  readonly code = "etc-conflict";
  constructor(target: string, a: EtcEntry, b: EtcEntry) {
    super(
      `environment.etc."${target}" is defined twice with different sources (mismatched duplicate entry):\n` +
        `- ${a.source}${a.definedIn ? ` (in ${a.definedIn.join(", ")})` : ""}\n` +
        `- ${b.source}${b.definedIn ? ` (in ${b.definedIn.join(", ")})` : ""}`,
    );
  }
}

export class InvalidEtcModeError extends KeelError {
  readonly code = "invalid-etc-mode";
  constructor(target: string, mode: string) {
    super(`environment.etc."${target}".mode is \`${mode}': use "symlink", "direct-symlink" or an octal mode such as "0644".`);
  }
}

function ownerSidecar(value: string): string {
  return /^\d+$/.test(value) ? `+${value}` : value;
}

/**
 * The entries of the etc derivation (reference §4.1): `etc/<target>` links to its source, and an
 * entry with a mode gets `.mode`, `.uid` and `.gid` sidecars telling activation to copy it.
 */
export function etcDirectoryEntries(entries: EtcEntry[]): Record<string, { text: string } | { symlink: string }> {
  const byTarget = new Map<string, EtcEntry>();
  for (const entry of entries) {
    const target = entry.target.replace(/^\/+/, "").replace(/^etc\//, "");
    const existing = byTarget.get(target);
    if (existing && existing.source !== entry.source) throw new EtcConflictError(target, existing, entry);
    if (entry.mode !== "symlink" && entry.mode !== "direct-symlink" && !/^0?[0-7]{3,4}$/.test(entry.mode)) {
      throw new InvalidEtcModeError(target, entry.mode);
    }
    byTarget.set(target, { ...entry, target });
  }
  const out: Record<string, { text: string } | { symlink: string }> = {};
  for (const [target, entry] of [...byTarget].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out[`etc/${target}`] = { symlink: entry.source };
    if (entry.mode !== "symlink") {
      out[`etc/${target}.mode`] = { text: entry.mode };
      out[`etc/${target}.uid`] = { text: ownerSidecar(entry.user) };
      out[`etc/${target}.gid`] = { text: ownerSidecar(entry.group) };
    }
  }
  return out;
}
