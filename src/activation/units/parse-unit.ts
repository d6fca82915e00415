import { realpathSync } from "node:fs";

/** A parsed unit: section → key → values (a key may repeat; order kept). */
export type UnitInfo = Map<string, Map<string, string[]>>;

/**
 * Parses unit text the way switch-to-configuration-ng does (reference §3.4): quotes honoured,
 * backslash escapes left alone (names like `dev-disk-by\x2dlabel-root.device` must survive), a
 * repeated key appends, an empty assignment clears what came before, and `[Install]` is dropped
 * because enabling is not a runtime property.
 */
export function parseUnitText(text: string, into: UnitInfo = new Map()): UnitInfo {
  let section: Map<string, string[]> | undefined;
  let dropSection = false;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    // Continuation lines (trailing backslash) join with a space, as systemd does.
    while (line.endsWith("\\") && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      const name = header[1]!;
      dropSection = name === "Install";
      if (dropSection) continue;
      section = into.get(name) ?? new Map();
      into.set(name, section);
      continue;
    }
    if (dropSection || !section) continue;
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = unquote(line.slice(eq + 1).trim());
    if (value === "") section.set(key, []);
    else section.set(key, [...(section.get(key) ?? []), value]);
  }
  return into;
}

function unquote(value: string): string {
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
    return value.slice(1, -1);
  }
  return value;
}

/** A unit file that exists and is not masked (a link to /dev/null) nor dangling. */
export function unitFileExists(path: string): boolean {
  try {
    return realpathSync(path) !== "/dev/null";
  } catch {
    return false;
  }
}

/** The last value of a boolean key, systemd's way: 1/yes/true/on are true. */
export function unitBool(info: UnitInfo | undefined, section: string, key: string, fallback: boolean): boolean {
  const values = info?.get(section)?.get(key);
  const last = values?.[values.length - 1];
  if (last === undefined) return fallback;
  return ["1", "yes", "true", "on"].includes(last.toLowerCase());
}

export function unitValues(info: UnitInfo | undefined, section: string, key: string): string[] {
  return info?.get(section)?.get(key) ?? [];
}
