import { ProgramNotFoundError } from "./errors.ts";
import { BIN_DIRS } from "./programs.ts";
import { suggest } from "./suggest.ts";

/** `sshd` → `usr/sbin/sshd`: bin directories first (sbin before bin, /usr before /), then helper trees. */
export function findProgram(packageName: string, programs: readonly string[], program: string): string {
  if (program.includes("/")) {
    const rel = program.replace(/^\/+/, "");
    if (programs.includes(rel)) return rel;
    throw new ProgramNotFoundError(packageName, program, suggest(rel, programs));
  }
  const matches = programs.filter((p) => p === program || p.endsWith(`/${program}`));
  const rank = (p: string) => {
    const dir = p.slice(0, p.lastIndexOf("/"));
    const i = (BIN_DIRS as readonly string[]).indexOf(dir);
    return i >= 0 ? i : BIN_DIRS.length;
  };
  const best = matches.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0];
  if (best !== undefined) return best;
  const names = [...new Set(programs.map((p) => p.slice(p.lastIndexOf("/") + 1)))];
  throw new ProgramNotFoundError(packageName, program, suggest(program, names));
}
