import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { cachePath } from "./cache.ts";
import { field, parseStanzas } from "./deb822.ts";
import { downloadVerified, hashFile } from "./download.ts";
import { HashMismatchError, PinnedReleaseGoneError, ReleaseContentError, ReleaseSignatureError } from "./errors.ts";
import { DEFAULT_KEYRING, verifyClearsigned } from "./gpgv.ts";
import type { Suite } from "./mirror.ts";

export const ARCH = "amd64";
/** The index Keel reads per suite; xz is the one compression every bookworm suite publishes. */
export const PACKAGES_INDEX = `main/binary-${ARCH}/Packages.xz`;
export const PACKAGES_INDEX_PLAIN = `main/binary-${ARCH}/Packages`;

export interface IndexEntry {
  sha256: string;
  size: number;
}

/** A suite's signed Release, verified. */
export interface Release {
  suite: Suite;
  /** SHA-256 of the InRelease file as downloaded (signature included): what keel.lock pins. */
  sha256: string;
  date: string;
  version?: string;
  /** Path of the verified InRelease in the cache. */
  file: string;
  /** The SHA256 list of the signed text, by path under dists/<suite>/. */
  indices: Map<string, IndexEntry>;
}

export interface FetchReleaseOptions {
  suite: Suite;
  baseUrl: string;
  cacheDir: string;
  /** The pinned InRelease hash from keel.lock: use that exact file (cache first), never a newer one. */
  pinnedSha256?: string;
  keyring?: string;
}

/**
 * Fetches and verifies `dists/<suite>/InRelease`. The file enters the cache (under its hash) only
 * after gpgv accepted it and its codename matched, so a cached Release is always a verified one;
 * it is verified again on every read anyway because the keyring may have changed since.
 */
export async function fetchRelease(options: FetchReleaseOptions): Promise<Release> {
  const keyring = options.keyring ?? process.env.KEEL_DEBIAN_KEYRING ?? DEFAULT_KEYRING;
  const url = `${options.baseUrl}/dists/${options.suite}/InRelease`;
  let file: string;
  let sha256: string;
  if (options.pinnedSha256 !== undefined) {
    file = cachePath(options.cacheDir, "releases", options.pinnedSha256, "-InRelease");
    // The mirror serves only its current Release; a pinned one is found in the cache, or at the
    // mirror if the archive has not moved since the lock was written.
    try {
      await downloadVerified({ urls: [url], sha256: options.pinnedSha256, dest: file, what: `the Release of ${options.suite}` });
    } catch (error) {
      if (error instanceof HashMismatchError) throw new PinnedReleaseGoneError(options.suite, options.pinnedSha256);
      throw error;
    }
    sha256 = options.pinnedSha256;
  } else {
    const dir = join(options.cacheDir, "releases");
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `incoming-${process.pid}-${randomBytes(4).toString("hex")}`);
    await downloadVerified({ urls: [url], dest: temp, what: `the Release of ${options.suite}` });
    sha256 = (await hashFile(temp)).sha256;
    const verdict = await verifyClearsigned(temp, keyring);
    if (!verdict.ok) {
      await rm(temp, { force: true });
      throw new ReleaseSignatureError(options.suite, url, verdict.detail);
    }
    file = cachePath(options.cacheDir, "releases", sha256, "-InRelease");
    await rename(temp, file);
  }
  const verdict = await verifyClearsigned(file, keyring);
  if (!verdict.ok) {
    await rm(file, { force: true });
    throw new ReleaseSignatureError(options.suite, url, verdict.detail);
  }
  return parseRelease(options.suite, verdict.signed, sha256, file);
}

export function parseRelease(suite: Suite, signedText: string, sha256: string, file: string): Release {
  const stanza = parseStanzas(signedText)[0];
  if (stanza === undefined) throw new ReleaseContentError(suite, "is empty.");
  const codename = field(stanza, "Codename");
  if (codename !== suite) {
    throw new ReleaseContentError(
      suite,
      `has Codename "${codename ?? "(none)"}", expected "${suite}": the mirror serves another release under this name.`,
    );
  }
  const indices = new Map<string, IndexEntry>();
  for (const line of (field(stanza, "SHA256") ?? "").split("\n")) {
    const [hash, size, path] = line.trim().split(/\s+/);
    if (hash && size && path) indices.set(path, { sha256: hash, size: Number(size) });
  }
  for (const path of [PACKAGES_INDEX, PACKAGES_INDEX_PLAIN]) {
    if (!indices.has(path)) throw new ReleaseContentError(suite, `lists no ${path}: is this an ${ARCH} Debian archive?`);
  }
  const version = field(stanza, "Version");
  return {
    suite,
    sha256,
    date: field(stanza, "Date") ?? "",
    ...(version !== undefined ? { version } : {}),
    file,
    indices,
  };
}
