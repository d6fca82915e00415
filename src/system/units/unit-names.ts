import { KeelError } from "../../errors.ts";

export const unitTypes = [
  "service", "socket", "target", "timer", "path", "mount", "automount", "swap", "slice", "scope", "device",
] as const;
export type UnitType = (typeof unitTypes)[number];

export class InvalidUnitNameError extends KeelError {
  readonly code = "invalid-unit-name";
  constructor(
    readonly unitName: string,
    reason: string,
    readonly file?: string,
  ) {
    super(
      `\`${unitName}' is not a valid systemd unit name: ${reason}.${file ? ` It is defined in \`${file}'.` : ""}\n` +
        "Unit names are up to 255 characters of ASCII letters, digits, \":-_.\\\" and one \"@\" for templates, " +
        "ending in a unit type such as .service or .timer.",
    );
  }
}

const validBody = /^[A-Za-z0-9:_.\\-]+(@[A-Za-z0-9:_.\\-]*)?$/;

/** Checks a full unit name (`foo.service`, `getty@tty1.service`) the way systemd's unit_name_is_valid does. */
export function checkUnitName(name: string, file?: string): UnitType {
  if (name.length > 255) throw new InvalidUnitNameError(name, "it is longer than 255 characters", file);
  const dot = name.lastIndexOf(".");
  const type = name.slice(dot + 1);
  if (dot <= 0 || !(unitTypes as readonly string[]).includes(type)) {
    throw new InvalidUnitNameError(name, `it does not end in a unit type (${unitTypes.map((t) => `.${t}`).join(", ")})`, file);
  }
  const body = name.slice(0, dot);
  if (!validBody.test(body)) throw new InvalidUnitNameError(name, "it contains characters systemd does not allow", file);
  return type as UnitType;
}

/**
 * systemd-escape --path: how a mount point becomes a mount unit's name ("/var/lib" →
 * "var-lib"). Kept here because mount units must be named after their Where=.
 */
export function escapeSystemdPath(path: string): string {
  const trimmed = path.replace(/\/+/g, "/").replace(/^\/|\/$/g, "");
  if (trimmed === "") return "-";
  // systemd escapes "/" to "-", and "." only as the very first character (a hidden-file name).
  return [...trimmed]
    .map((ch, i) => {
      if (ch === "/") return "-";
      if (/[A-Za-z0-9:_]/.test(ch) || (ch === "." && i > 0)) return ch;
      return `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
    })
    .join("");
}

/** The file name of a unit's script: `\` → `-` and `@` → `_`, as NixOS's makeJobScript does. */
export function scriptNameFor(unitName: string, suffix: string): string {
  return `unit-script-${unitName.replace(/\\/g, "-").replace(/@/g, "_")}-${suffix}`;
}
