/** A login shell as /etc/passwd names it: a path as given, a package as /bin/<its program>. */
export function shellPath(shell: unknown): string {
  if (typeof shell === "string") return shell;
  const pkg = shell as { debName?: string; programs?: readonly string[]; outPath: string };
  const programs = pkg.programs ?? [];
  const own = programs.find((p) => /^(usr\/)?bin\//.test(p) && p.endsWith(`/${pkg.debName}`));
  const first = own ?? programs.find((p) => /^(usr\/)?bin\//.test(p));
  if (!first) throw new Error(`the package ${pkg.debName ?? pkg.outPath} ships no program in bin/ to use as a shell`);
  return `/bin/${first.slice(first.lastIndexOf("/") + 1)}`;
}
