import { KeelError } from "../errors.ts";

/** A `--forward` value that is not `HOST:GUEST` ports. */
export class BadForwardError extends KeelError {
  readonly code = "vm-bad-forward";
  constructor(readonly value: string) {
    super(`--forward ${value}: expected HOSTPORT:GUESTPORT with ports 1-65535, e.g. --forward 2222:22.`);
  }
}

/** A host tool build-vm or the test driver runs is missing. */
export class VmToolMissingError extends KeelError {
  readonly code = "vm-tool-missing";
  constructor(readonly tool: string, readonly pkg: string) {
    super(`${tool} was not found on this machine; install the Debian package ${pkg} (bash scripts/setup.sh does).`);
  }
}

/** Making the VM's state disk failed; nothing is left at its path. */
export class StateDiskError extends KeelError {
  readonly code = "vm-state-disk";
  constructor(readonly path: string, detail: string) {
    super(`could not create the VM disk ${path}: ${detail}. Check the directory is writable and has room, or remove the file and retry.`);
  }
}

/** A test in a VM test script did not hold: carries the command's output and the console's tail. */
export class VmTestError extends KeelError {
  readonly code = "vm-test";
  constructor(
    readonly machine: string,
    what: string,
    readonly output: string,
    readonly consoleTail: string[],
  ) {
    super(
      [
        `${machine}: ${what}`,
        ...(output.trim() ? ["Command output:", ...output.trimEnd().split("\n").map((l) => `  ${l}`)] : []),
        ...(consoleTail.length > 0 ? [`Last console lines of ${machine}:`, ...consoleTail.map((l) => `  ${l}`)] : []),
      ].join("\n"),
    );
  }
}
