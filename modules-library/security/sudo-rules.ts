export interface SudoCommand {
  readonly command: string;
  readonly options: readonly string[];
}

export interface SudoRule {
  readonly users: readonly (string | number)[];
  readonly groups: readonly (string | number)[];
  readonly host: string;
  readonly runAs: string;
  readonly commands: readonly (string | SudoCommand)[];
}

/** Tags sudoers(5) accepts before a command (`NOPASSWD:`...). */
export const SUDO_TAGS = [
  "NOPASSWD",
  "PASSWD",
  "NOEXEC",
  "EXEC",
  "SETENV",
  "NOSETENV",
  "LOG_INPUT",
  "NOLOG_INPUT",
  "LOG_OUTPUT",
  "NOLOG_OUTPUT",
  "MAIL",
  "NOMAIL",
  "FOLLOW",
  "NOFOLLOW",
  "INTERCEPT",
  "NOINTERCEPT",
] as const;

const user = (u: string | number): string => (typeof u === "number" ? `#${u}` : u);
const group = (g: string | number): string => (typeof g === "number" ? `%#${g}` : `%${g}`);
const command = (c: string | SudoCommand): string => (typeof c === "string" ? c : `${c.options.map((o) => `${o}:`).join("")}${c.options.length > 0 ? " " : ""}${c.command}`);

/**
 * security.sudo.extraRules as sudoers lines, exactly as nixpkgs' sudo module writes them: one line
 * per user and per group, `who<TAB>host=(runAs)<TAB>commands`; a rule without commands is skipped.
 */
export function renderSudoRules(rules: readonly SudoRule[]): string[] {
  return rules.flatMap((rule) => {
    if (rule.commands.length === 0) return [];
    const rest = `\t${rule.host}=(${rule.runAs})\t${rule.commands.map(command).join(", ")}`;
    return [...rule.users.map((u) => `${user(u)}${rest}`), ...rule.groups.map((g) => `${group(g)}${rest}`)];
  });
}
