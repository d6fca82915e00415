import { KeelError } from "../errors.ts";

/** The ESP is missing, not a directory, or (on a real machine) not a mounted partition. */
export class EspNotFoundError extends KeelError {
  readonly code = "esp-not-found";
  constructor(
    readonly esp: string,
    readonly reason: "missing" | "not-a-directory" | "not-mounted",
  ) {
    const why = {
      missing: "does not exist",
      "not-a-directory": "is not a directory",
      "not-mounted": "is not a mounted partition (its parent directory is on the same file system)",
    }[reason];
    super(
      `boot.loader.efi.efiSysMountPoint = '${esp}' ${why}. Mount the EFI system partition there ` +
        "(or set boot.loader.efi.efiSysMountPoint / --esp to where it is mounted), then run the command again.",
    );
  }
}

/** A generation's boot.json cannot be read as bootspec v1. Nothing is written when this is thrown. */
export class MalformedBootspecError extends KeelError {
  readonly code = "malformed-bootspec";
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(
      `${file}: not a valid bootspec v1 document (${detail}). The generation is damaged: ` +
        "delete it (rebuild gc --delete-older-than) or rebuild it, then install the boot loader again.",
    );
  }
}

/** The profile has no generations, so there is nothing to boot. */
export class NoGenerationsError extends KeelError {
  readonly code = "no-generations";
  constructor(readonly profile: string) {
    super(`${profile}: the system profile has no generations. Build and switch to a configuration first (rebuild boot --host <name>).`);
  }
}

/** A generation link does not lead to a toplevel with a kernel and init. */
export class BrokenGenerationError extends KeelError {
  readonly code = "broken-generation";
  constructor(
    readonly link: string,
    readonly detail: string,
  ) {
    super(`${link}: ${detail}. Remove this generation link or point it at a built toplevel.`);
  }
}

/** An input to installBootLoader is not usable (a machine id, a tries count, a kernel parameter). */
export class InvalidLoaderInputError extends KeelError {
  readonly code = "invalid-loader-input";
  constructor(
    readonly what: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`${what} = '${value}' is not valid: expected ${expected}.`);
  }
}

/** bootctl (install, update, status) exited non-zero. */
export class BootctlFailedError extends KeelError {
  readonly code = "bootctl-failed";
  constructor(
    readonly args: string[],
    readonly status: number | null,
    readonly stderr: string,
  ) {
    super(`bootctl ${args.join(" ")} failed (exit ${status ?? "signal"}):\n${stderr.trim()}`);
  }
}

/** Updating was asked for, but the ESP has no systemd-boot to update. */
export class BootLoaderNotInstalledError extends KeelError {
  readonly code = "bootloader-not-installed";
  constructor(readonly esp: string) {
    super(`no systemd-boot found on the ESP at ${esp}. Install it once with \`rebuild boot --install-bootloader\` (or \`rebuild bootloader install --esp ${esp}\`).`);
  }
}
