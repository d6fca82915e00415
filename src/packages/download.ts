import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { DownloadError, HashMismatchError } from "./errors.ts";

export interface DownloadRequest {
  /** Tried in order; the first that answers 200 wins. */
  urls: string[];
  /** Expected SHA-256 (hex). Without it the file is downloaded and its hash returned. */
  sha256?: string;
  /** Final location; written atomically (temp file + fsync + rename) only after the hash matched. */
  dest: string;
  /** What the file is, for messages ("Release of bookworm", "openssh-server_1:9.2p1..."). */
  what: string;
  /** Called with each chunk's size, for progress displays. */
  onBytes?: (bytes: number) => void;
}

export interface DownloadResult {
  path: string;
  sha256: string;
  size: number;
  /** True when the file was already in the cache (and re-verified). */
  cached: boolean;
}

/**
 * Fetches a file into `dest` unless a file with the expected hash is already there. A cached file
 * is re-hashed before use: the cache is shared and writable by other tools, and a bad byte must
 * never reach the store.
 */
export async function downloadVerified(request: DownloadRequest): Promise<DownloadResult> {
  if (request.sha256 !== undefined) {
    const existing = await hashFileIfExists(request.dest);
    if (existing?.sha256 === request.sha256) {
      request.onBytes?.(existing.size);
      return { path: request.dest, sha256: existing.sha256, size: existing.size, cached: true };
    }
    if (existing) await rm(request.dest, { force: true });
  }
  let lastError: unknown;
  for (const url of request.urls) {
    try {
      return await downloadOne(url, request);
    } catch (error) {
      if (error instanceof HashMismatchError) throw error;
      lastError = error;
    }
  }
  if (lastError instanceof DownloadError) throw lastError;
  throw new DownloadError(request.urls.join(", "), String(lastError), { cause: lastError });
}

async function downloadOne(url: string, request: DownloadRequest): Promise<DownloadResult> {
  await mkdir(dirname(request.dest), { recursive: true });
  const temp = `${request.dest}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DownloadError(url, error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error), { cause: error });
  }
  if (!response.ok || response.body === null) {
    throw new DownloadError(url, `HTTP ${response.status} ${response.statusText}`);
  }
  const hash = createHash("sha256");
  const file = await open(temp, "w");
  let size = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.length;
      await file.write(chunk);
      request.onBytes?.(chunk.length);
    }
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temp, { force: true });
    throw new DownloadError(url, error instanceof Error ? error.message : String(error), { cause: error });
  }
  await file.close();
  const sha256 = hash.digest("hex");
  if (request.sha256 !== undefined && sha256 !== request.sha256) {
    await rm(temp, { force: true });
    throw new HashMismatchError(request.what, url, request.sha256, sha256);
  }
  await rename(temp, request.dest);
  return { path: request.dest, sha256, size, cached: false };
}

export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest("hex"), size };
}

async function hashFileIfExists(path: string): Promise<{ sha256: string; size: number } | undefined> {
  try {
    await stat(path);
  } catch {
    return undefined;
  }
  return hashFile(path);
}

/** Runs `work` over `items` with at most `jobs` in flight; rejects with the first failure. */
export async function mapPool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}
