import type { PackageSet } from "../../src/packages/index.ts";
import { closureOf } from "../../src/packages/index.ts";
import type { Derivation } from "../../src/store/index.ts";
import { debianCommand } from "../../src/system/debian-exec.ts";

/**
 * The sudoers file as a store path, checked by the closure's own `visudo -c` at build time, as
 * nixpkgs does: a syntax error fails the build instead of locking everyone out of sudo.
 * visudo finds libsudo_util through its RUNPATH /usr/libexec/sudo, so that goes on the path too.
 */
export function checkedSudoers(pkgs: PackageSet, text: string): Derivation {
  const source = pkgs.writeText("sudoers-in", text);
  const [loader, flag, paths, visudo] = debianCommand(pkgs.store, pkgs.sudo, "visudo") as [string, string, string, string];
  const run = [loader, flag, `${paths}:${pkgs.sudo.path("usr/libexec/sudo")}`, visudo].map((p) => `'${p}'`).join(" ");
  return pkgs.runCommand("sudoers", {
    script: `${run} -c -f ${source.outPath}\ncp ${source.outPath} "$out"`,
    inputs: [...closureOf([pkgs.sudo]), source],
  });
}

