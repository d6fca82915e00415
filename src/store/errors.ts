import { KeelError } from "../errors.ts";

/** A string names a store path that is malformed or outside the store directory. */
export class InvalidStorePathError extends KeelError {
  readonly code = "invalid-store-path";
  constructor(
    readonly path: string,
    readonly storeDir: string,
    reason: string,
  ) {
    super(`'${path}' is not a store path in ${storeDir}: ${reason}`);
  }
}

/** A derivation name Nix would also refuse (it becomes part of a file name). */
export class InvalidDerivationNameError extends KeelError {
  readonly code = "invalid-derivation-name";
  constructor(readonly derivationName: string) {
    super(
      `invalid store path name '${derivationName}': use 1-211 characters from [A-Za-z0-9+-._?=], not starting with '.'`,
    );
  }
}

/** A text mentions `<storeDir>/<hash>-` for a hash no derivation in this process and no valid path has. */
export class UnknownStoreHashError extends KeelError {
  readonly code = "unknown-store-hash";
  constructor(
    readonly hash: string,
    readonly where: string,
  ) {
    super(
      `${where} refers to the store path hash '${hash}', which no derivation built in this process and no valid store path has; ` +
        "interpolate the Derivation object itself (or realise that path first) instead of a copied path string",
    );
  }
}

/** `derivation({ kind })` for a kind no builder was registered for. */
export class UnknownBuilderError extends KeelError {
  readonly code = "unknown-builder";
  constructor(readonly kind: string) {
    super(`no builder is registered for derivation kind '${kind}'; call store.registerBuilder({ kind: '${kind}', ... }) first`);
  }
}

/** Two registered builders claim one kind. */
export class DuplicateBuilderError extends KeelError {
  readonly code = "duplicate-builder";
  constructor(readonly kind: string) {
    super(`a builder for derivation kind '${kind}' is already registered`);
  }
}

/** A builder threw, exited non-zero or produced no output; nothing was added to the store. */
export class BuildFailedError extends KeelError {
  readonly code = "build-failed";
  constructor(
    readonly outPath: string,
    readonly kind: string,
    reason: string,
    readonly logTail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `building ${outPath} (${kind}) failed: ${reason}` +
        (logTail ? `\n--- last lines of the build log ---\n${logTail}` : "") +
        "\nNothing was added to the store.",
      options,
    );
  }
}

/** A fixed-output derivation (or download) produced content with another hash than declared. */
export class HashMismatchError extends KeelError {
  readonly code = "hash-mismatch";
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`hash mismatch in ${what}:\n  specified: sha256:${expected}\n  got:       sha256:${actual}`);
  }
}

/** A sha256 given in a form Keel does not read. */
export class InvalidHashError extends KeelError {
  readonly code = "invalid-hash";
  constructor(readonly value: string) {
    super(`'${value}' is not a SHA-256: give 64 hex digits, 52 Nix base-32 characters or 'sha256-<base64>'`);
  }
}

/** buildEnv found two packages providing one file. */
export class BuildEnvCollisionError extends KeelError {
  readonly code = "buildenv-collision";
  constructor(
    readonly envName: string,
    readonly relPath: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(
      `collision in buildEnv '${envName}' at '${relPath}': both\n  ${first}\nand\n  ${second}\n` +
        "provide it with different contents; drop one of the packages, or pass ignoreCollisions: true (the first wins)",
    );
  }
}

/** A path the caller relies on is not (or no longer) valid in the store. */
export class PathNotValidError extends KeelError {
  readonly code = "path-not-valid";
  constructor(readonly path: string) {
    super(`${path} is not a valid store path (it is absent or unregistered); build it first`);
  }
}

/** copyPath got something it cannot copy, or the source changed between hashing and copying. */
export class CopyPathError extends KeelError {
  readonly code = "copy-path";
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot copy ${path} into the store: ${reason}`);
  }
}

/** A `--delete-older-than`-style period Keel does not read. */
export class InvalidPeriodError extends KeelError {
  readonly code = "invalid-period";
  constructor(readonly value: string) {
    super(`'${value}' is not a period: write a whole number of days such as '30d'`);
  }
}

/** A lock could not be taken (the `flock` tool is missing or failed). */
export class LockError extends KeelError {
  readonly code = "store-lock";
  constructor(
    readonly lockPath: string,
    reason: string,
  ) {
    super(`cannot lock ${lockPath}: ${reason}`);
  }
}

/** A `directory()` entry name that would escape the output or clash with another entry. */
export class InvalidDirectoryEntryError extends KeelError {
  readonly code = "invalid-directory-entry";
  constructor(
    readonly directoryName: string,
    readonly entry: string,
    reason: string,
  ) {
    super(`directory '${directoryName}': entry '${entry}' ${reason}`);
  }
}

/** `addRoot` would replace something that is not a symlink (a real file or directory). */
export class RootLinkError extends KeelError {
  readonly code = "root-link";
  constructor(readonly linkPath: string) {
    super(`cannot create the GC root link ${linkPath}: something that is not a symlink is already there; move it away or pick another link name`);
  }
}

/** KEEL_SANDBOX=bwrap was demanded but bubblewrap cannot run here. */
export class SandboxUnavailableError extends KeelError {
  readonly code = "sandbox-unavailable";
  constructor(reason: string) {
    super(`KEEL_SANDBOX=bwrap, but ${reason}; unset KEEL_SANDBOX to fall back to unsandboxed builds`);
  }
}
