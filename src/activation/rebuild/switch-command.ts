import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KeelError } from "../../errors.ts";

export class NoSwitchProgramError extends KeelError {
  readonly code = "no-switch-program";
  constructor(toplevel: string) {
    super(`${toplevel} has no bin/switch-to-configuration: it was built by a Keel without switching support. Rebuild it, or boot it (rebuild boot).`);
  }
}

/** The transient unit a live switch runs in; one name, so systemd itself refuses a second one. */
export const SWITCH_UNIT = "keel-switch-to-configuration";

/** A live system managed by systemd (not a tree mounted elsewhere, not a container build host). */
export function systemdIsRunning(root: string): boolean {
  return root === "/" && existsSync("/run/systemd/system");
}

/**
 * How to run a generation's switch-to-configuration, as [program, args].
 * - On a live systemd machine, inside a transient service (nixos-rebuild does the same): the
 *   switch may restart the SSH session or terminal that started it, and must not die with it.
 *   `--pipe` keeps its output and exit code.
 * - For a tree mounted elsewhere (--root) the host may not be a Keel machine, and Debian's
 *   Node.js loads part of itself from /usr/share/nodejs at run time, which only a Keel machine's
 *   /usr provides; so the generation's activator (still its own code) runs under this Node.js.
 */
export function switchCommandLine(toplevel: string, root: string, args: string[], opts: { systemdRunning: boolean }): [string, string[]] {
  const program = join(toplevel, "bin/switch-to-configuration");
  if (!existsSync(program)) throw new NoSwitchProgramError(toplevel);
  if (root !== "/") {
    const activator = /(\S+-keel-activator\.[cm]js)/.exec(readFileSync(program, "utf8"))?.[1];
    if (!activator) throw new NoSwitchProgramError(toplevel);
    return [process.execPath, [activator, "--switch-to-configuration", toplevel, ...args]];
  }
  if (!opts.systemdRunning) return [program, args];
  return [
    "systemd-run",
    ["-E", "KEEL_ACTION", "-E", "KEEL_INSTALL_BOOTLOADER", "-E", "KEEL_NO_CHECK", "-E", "NIXOS_NO_CHECK", "--collect", "--no-ask-password", "--pipe", "--quiet", "--service-type=exec", `--unit=${SWITCH_UNIT}`, program, ...args],
  ];
}
