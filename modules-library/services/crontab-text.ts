/** One time field of crontab(5): `*`, numbers, names, ranges, lists and steps. */
const value = "([0-9]+|[a-z]{3})";
const item = `(\\*|${value}(-${value})?)(/[0-9]+)?`;
const field = new RegExp(`^${item}(,${item})*$`, "i");
const nicknames = ["@reboot", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

/**
 * Why a line of the system crontab (crontab(5): five time fields or an @nickname, a user, a
 * command; or NAME=value; or a comment) would be skipped by cron, or null when it is well formed.
 * cron logs a bad line to syslog and ignores it, so it is better refused at evaluation.
 */
export function crontabLineProblem(line: string): string | null {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#") || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(trimmed)) return null;
  const words = trimmed.split(/\s+/);
  const timeFields = words[0]?.startsWith("@") ? 1 : 5;
  if (timeFields === 1 && !nicknames.includes(words[0] ?? "")) return `unknown schedule ${words[0]} (one of ${nicknames.join(", ")})`;
  if (words.length < timeFields + 2) return "expected the schedule, a user name and a command";
  const bad = words.slice(0, timeFields === 1 ? 0 : 5).find((w) => !field.test(w));
  if (bad !== undefined) return `bad time field ${JSON.stringify(bad)}`;
  return null;
}

/** The system-wide /etc/crontab as NixOS's cron.nix writes it: SHELL, PATH, MAILTO, then the jobs. */
export function systemCrontabText(args: { shell: string; path: string; mailto: string | null; jobs: string[] }): string {
  return [`SHELL=${args.shell}`, `PATH=${args.path}`, ...(args.mailto !== null ? [`MAILTO="${args.mailto}"`] : []), ...args.jobs, ""].join("\n");
}
