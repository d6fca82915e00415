import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import { cachePath } from "./cache.ts";
import { downloadVerified, hashFile } from "./download.ts";
import { DownloadError, HashMismatchError, ReleaseContentError } from "./errors.ts";
import { PACKAGES_INDEX, PACKAGES_INDEX_PLAIN, type Release } from "./release.ts";

/**
 * Fetches a suite's `Packages` index, checks the compressed and the decompressed bytes against
 * the signed Release, and returns the path of the decompressed index in the cache (named by its
 * hash, so a pinned lock finds it again without the network).
 */
export async function fetchPackagesIndex(release: Release, baseUrl: string, cacheDir: string): Promise<string> {
  const xz = release.indices.get(PACKAGES_INDEX);
  const plain = release.indices.get(PACKAGES_INDEX_PLAIN);
  if (!xz || !plain) throw new ReleaseContentError(release.suite, `lists no ${PACKAGES_INDEX}.`);
  const dest = cachePath(cacheDir, "indices", plain.sha256, "-Packages");
  const present = await hashFile(dest).catch(() => undefined);
  if (present?.sha256 === plain.sha256) return dest;

  const dists = `${baseUrl}/dists/${release.suite}`;
  // Private temp names: concurrent locks (tests, CI jobs) may fetch the same index at once.
  const temp = `${dest}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const compressed = `${temp}.xz`;
  // by-hash first: it stays valid while the mirror publishes a newer index under the plain name.
  await downloadVerified({
    urls: [`${dists}/main/binary-amd64/by-hash/SHA256/${xz.sha256}`, `${dists}/${PACKAGES_INDEX}`],
    sha256: xz.sha256,
    dest: compressed,
    what: `the ${release.suite} Packages index`,
  });
  await mkdir(dirname(dest), { recursive: true });
  try {
    await unxz(compressed, temp);
    const got = await hashFile(temp);
    if (got.sha256 !== plain.sha256) {
      throw new HashMismatchError(`the decompressed ${release.suite} Packages index`, `${dists}/${PACKAGES_INDEX}`, plain.sha256, got.sha256);
    }
    await rename(temp, dest);
  } finally {
    // Only the decompressed copy is kept: every later read uses it, the .xz would double the cache.
    await rm(temp, { force: true });
    await rm(compressed, { force: true });
  }
  return dest;
}

async function unxz(from: string, to: string): Promise<void> {
  const child = spawn("xz", ["-dc"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  await Promise.all([pipeline(createReadStream(from), child.stdin), pipeline(child.stdout, createWriteStream(to))]);
  const code = await exited;
  if (code !== 0) throw new DownloadError(from, `xz could not decompress it: ${stderr.trim()}`);
}
