import { defineModule, mkIf } from "../../src/modules/index.ts";
import type { Package } from "../../src/packages/index.ts";
import type { Derivation } from "../../src/store/index.ts";

const isDebian = (p: unknown): p is Package => typeof p === "object" && p !== null && "debName" in p && Array.isArray((p as Package).programs);

/** Where Debian packages keep the programs a user runs: these go to the user's own bin/. */
const PROGRAM_DIRS = /^(usr\/)?(bin|sbin|games)\//;
/** Everything else a program may look for at run time (libraries, data, helpers). */
const SUPPORT_DIRS = ["usr/lib", "usr/libexec", "usr/share", "lib"];

/**
 * users.users.<name>.packages, as NixOS's /etc/profiles/per-user/<name>: a profile whose bin/
 * holds links to the packages' programs, on that user's PATH only (environment/shell.ts puts
 * `/etc/profiles/per-user/$USER/bin` on every login shell's PATH).
 *
 * Unlike nixpkgs' programs, Debian's find their libraries and data at fixed paths under /usr, so
 * everything of these packages except their programs goes into the system's /usr as well
 * (their dependencies, and their own /usr/lib, /usr/share, /usr/libexec): the programs work, and
 * only the user whose profile has them sees them on PATH.
 */
export default defineModule({
  config: ({ config, pkgs }) => {
    const users = Object.values(config.users.users).filter((u) => u.enable && u.packages.length > 0);
    const all = users.flatMap((u) => (u.packages as unknown[]).filter(isDebian));
    const etc: Record<string, { source: string }> = {};
    for (const u of users) {
      const links: Record<string, { symlink: string }> = {};
      const own = (u.packages as unknown[]).filter(isDebian);
      // Other packages (store paths, derivations built here) are laid out as nixpkgs': their bin/ is linked.
      const others = (u.packages as unknown[]).filter((p) => !isDebian(p)) as Derivation[];
      for (const pkg of own) {
        for (const program of pkg.programs) {
          if (!PROGRAM_DIRS.test(program)) continue;
          links[`bin/${program.slice(program.lastIndexOf("/") + 1)}`] ??= { symlink: pkg.path(program) };
        }
      }
      const programs = pkgs.directory(`user-programs-${u.name}`, links);
      const profile = others.length === 0 ? programs : pkgs.buildEnv(`user-environment-${u.name}`, [programs, ...others], { pathsToLink: ["/bin"] });
      etc[`profiles/per-user/${u.name}`] = { source: profile.outPath };
    }
    // A copy, not links: the system's /usr merges real directories, and a link to a package's
    // whole share/doc would collide with the directory other packages make there.
    const support = () =>
      pkgs.runCommand("per-user-packages-support", {
        inputs: all,
        script: [
          'mkdir -p "$out"',
          `for p in ${all.map((p) => p.outPath).join(" ")}; do`,
          `  for d in ${SUPPORT_DIRS.join(" ")}; do`,
          '    if [ -d "$p/$d" ]; then mkdir -p "$out/$d" && cp -a --no-preserve=ownership "$p/$d/." "$out/$d/" && chmod -R u+w "$out/$d"; fi',
          "  done",
          "done",
        ].join("\n"),
      });
    return mkIf(all.length > 0, {
      environment: {
        etc,
        systemPackages: [...new Map(all.flatMap((p) => p.depends).map((d) => [d.debName, d])).values(), support()],
      },
    });
  },
});
