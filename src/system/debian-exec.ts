import type { Package } from "../packages/index.ts";
import { closureOf } from "../packages/index.ts";

/**
 * How to run a Debian program straight from the store, before (or without) a merged /usr: call
 * glibc's loader explicitly with the library directories of the program's closure. Debian's
 * binaries name /lib64/ld-linux-x86-64.so.2 as their interpreter, which on a Keel machine
 * resolves through /usr into the *current* generation; a build step, or an activation that runs
 * while the old generation is still current, must not depend on that.
 */
const libraryDirs = [
  "lib/x86_64-linux-gnu",
  "usr/lib/x86_64-linux-gnu",
  // libsystemd-shared is found through an absolute RUNPATH into /usr; point at it directly.
  "usr/lib/x86_64-linux-gnu/systemd",
  "lib/systemd",
  "usr/lib/systemd",
];

export function debianCommand(pkg: Package, program: string): string[] {
  const closure = closureOf([pkg]);
  const libc = closure.find((p) => p.debName === "libc6");
  if (!libc) throw new Error(`${pkg.debName} does not depend on libc6; run it directly`);
  const paths = closure.flatMap((p) => libraryDirs.map((d) => p.path(d)));
  return [libc.path("lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"), "--library-path", paths.join(":"), pkg.bin(program)];
}

/** The same as one shell-quoted string, for generated scripts. */
export function debianCommandLine(pkg: Package, program: string): string {
  return debianCommand(pkg, program)
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}
