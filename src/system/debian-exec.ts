import type { Package } from "../packages/index.ts";
import { closureOf } from "../packages/index.ts";
import type { Derivation, Store } from "../store/index.ts";

/**
 * How to run a Debian program straight from the store, before (or without) a merged /usr: call
 * glibc's loader explicitly with the library directories of the program's closure. Debian's
 * binaries name /lib64/ld-linux-x86-64.so.2 as their interpreter, which on a Keel machine
 * resolves through /usr into the *current* generation; a build step, or an activation that runs
 * while the old generation is still current, must not depend on that.
 */
const linkedDirs = ["lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib/systemd", "usr/lib/systemd"];
const libraryDirs = [
  "lib/x86_64-linux-gnu",
  "usr/lib/x86_64-linux-gnu",
  // libsystemd-shared is found through an absolute RUNPATH into /usr; point at it directly.
  "usr/lib/x86_64-linux-gnu/systemd",
  "lib/systemd",
  "usr/lib/systemd",
];

/**
 * The closure's library directories merged into one tree of links. The loader tries every
 * directory of `--library-path` in turn for every library, and a store mounted over 9p (a VM)
 * keeps no negative lookups: with five directories per package Node.js's 17 packages meant 948
 * failed opens and ~0.8 s per start under TCG; through the merged tree each library is found in
 * the first directory that has it (0.4 s). The order of the closure decides a name two packages
 * ship, as the search order did.
 */
export function libraryTree(store: Store, pkg: Package): Derivation {
  return store.buildEnv(`${pkg.debName}-libraries`, closureOf([pkg]).map((p) => p.drv), { pathsToLink: linkedDirs, ignoreCollisions: true });
}

export function debianCommand(store: Store, pkg: Package, program: string): string[] {
  const libc = closureOf([pkg]).find((p) => p.debName === "libc6");
  if (!libc) throw new Error(`${pkg.debName} does not depend on libc6; run it directly`);
  const tree = libraryTree(store, pkg).outPath;
  const paths = libraryDirs.map((d) => `${tree}/${d}`);
  return [libc.path("lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"), "--library-path", paths.join(":"), pkg.bin(program)];
}

/** The same as one shell-quoted string, for generated scripts. */
export function debianCommandLine(store: Store, pkg: Package, program: string): string {
  return debianCommand(store, pkg, program)
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}
