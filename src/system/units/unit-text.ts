import { KeelError } from "../../errors.ts";

/** A value systemd accepts for a key; lists become one `Key=` line per element, null is skipped. */
export type UnitValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];
export type UnitSection = Record<string, UnitValue>;

export class InvalidUnitValueError extends KeelError {
  readonly code = "invalid-unit-value";
  constructor(
    readonly unit: string,
    readonly key: string,
    reason: string,
  ) {
    super(`The unit \`${unit}' has an invalid value for \`${key}': ${reason}`);
  }
}

/**
 * Renders one section's lines as NixOS's `attrsToSection` does: keys in sorted order (Nix attrsets
 * are sorted), a list gives one line per element, booleans as true/false. Values may not contain a
 * newline: systemd would read the rest as a new key, silently changing the unit's meaning.
 */
export function renderSectionLines(unit: string, section: UnitSection): string[] {
  const lines: string[] = [];
  for (const key of Object.keys(section).sort()) {
    const value = section[key];
    if (value === null || value === undefined) continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items as (string | number | boolean)[]) {
      const text = String(item);
      if (/[\n\r]/.test(text)) throw new InvalidUnitValueError(unit, key, "it contains a line break");
      lines.push(`${key}=${text}`);
    }
  }
  return lines;
}

/** Joins named sections into unit file text; empty sections other than the first are dropped. */
export function renderUnitText(_unit: string, sections: [name: string, lines: string[]][]): string {
  const blocks: string[] = [];
  for (const [index, [name, lines]] of sections.entries()) {
    if (lines.length === 0 && index > 0) continue;
    blocks.push([`[${name}]`, ...lines].join("\n"));
  }
  return `${blocks.join("\n\n")}\n`;
}

/** systemd's quoting for one `Environment=` assignment: the whole `NAME=value` in double quotes. */
export function quoteEnvironment(name: string, value: string): string {
  return JSON.stringify(`${name}=${value}`);
}
