import { KeelError } from "../errors.ts";

/** The machine's apt sources name no bookworm suite and no mirror was given. */
export class MirrorNotFoundError extends KeelError {
  readonly code = "mirror-not-found";
  constructor(readonly searched: string[]) {
    super(
      `no Debian mirror for bookworm found in ${searched.join(", ") || "(no apt sources)"}.\n` +
        "Pass --mirror <url> or set KEEL_DEBIAN_MIRROR to the archive's base URL (the one holding dists/ and pool/).",
    );
  }
}

/** gpgv refused a Release file: a tampered or foreign archive. */
export class ReleaseSignatureError extends KeelError {
  readonly code = "release-signature";
  constructor(
    readonly suite: string,
    readonly url: string,
    readonly detail: string,
  ) {
    super(
      `the Release file of suite ${suite} (${url}) failed signature verification with the Debian archive keyring:\n` +
        `${detail.trim()}\nNothing was locked or stored. Check the mirror (--mirror / KEEL_DEBIAN_MIRROR) and the keyring package debian-archive-keyring.`,
    );
  }
}

/** The signed Release is readable but not what Keel expects (wrong codename, missing index). */
export class ReleaseContentError extends KeelError {
  readonly code = "release-content";
  constructor(
    readonly suite: string,
    detail: string,
  ) {
    super(`the Release file of suite ${suite} ${detail}`);
  }
}

/** Downloaded bytes differ from the hash the signed Release or keel.lock promises. */
export class HashMismatchError extends KeelError {
  readonly code = "hash-mismatch";
  constructor(
    readonly what: string,
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `${what} from ${url} has SHA-256 ${actual}, but ${expected} was expected.\n` +
        "The file was discarded and nothing was stored. The mirror may be broken or tampered with; " +
        "if the archive itself moved on, run `rebuild lock --update`.",
    );
  }
}

/** A download failed (network, HTTP status). */
export class DownloadError extends KeelError {
  readonly code = "download-failed";
  constructor(
    readonly url: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`downloading ${url} failed: ${detail}`, options);
  }
}

/** keel.lock is missing, unreadable or malformed. */
export class LockFileError extends KeelError {
  readonly code = "lock-file";
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** apt's solver could not produce an install set for the requested names. */
export class ResolveError extends KeelError {
  readonly code = "resolve-failed";
  constructor(
    readonly packages: string[],
    detail: string,
  ) {
    super(`could not resolve the Debian packages ${packages.join(", ")}:\n${detail.trim()}`);
  }
}

/** `pkgs.<name>` names a package that keel.lock does not pin. */
export class PackageNotLockedError extends KeelError {
  readonly code = "package-not-locked";
  constructor(
    readonly packageName: string,
    readonly suggestions: string[],
  ) {
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : "";
    super(
      `package "${packageName}" is not in keel.lock.${hint}\n` +
        `If it is a Debian bookworm package, add it with \`rebuild lock ${packageName}\`.`,
    );
  }
}

/** `pkg.bin(program)` names a program the package does not ship. */
export class ProgramNotFoundError extends KeelError {
  readonly code = "program-not-found";
  constructor(
    readonly packageName: string,
    readonly program: string,
    readonly suggestions: string[],
  ) {
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : "";
    super(
      `package "${packageName}" ships no program "${program}".${hint}\n` +
        `The programs of each package are listed in keel.lock under packages."${packageName}".programs.`,
    );
  }
}

/** A .deb could not be unpacked (corrupt archive, tool failure). */
export class UnpackError extends KeelError {
  readonly code = "unpack-failed";
  constructor(
    readonly deb: string,
    detail: string,
  ) {
    super(`unpacking ${deb} failed: ${detail.trim()}`);
  }
}

/** keel.lock pins a Release the cache lacks and the mirror no longer serves. */
export class PinnedReleaseGoneError extends KeelError {
  readonly code = "pinned-release-gone";
  constructor(
    readonly suite: string,
    readonly sha256: string,
  ) {
    super(
      `keel.lock pins the ${suite} Release ${sha256.slice(0, 16)}…, which is not in the download cache and ` +
        "no longer served by the mirror (the archive has moved on).\n" +
        "Run `rebuild lock --update` to move the lock to the archive's current state, or restore the cache.",
    );
  }
}
