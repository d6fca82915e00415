import { copyFile, rm } from "node:fs/promises";
import type { Fetcher } from "../store/index.ts";
import { cachePath } from "./cache.ts";
import { downloadVerified } from "./download.ts";
import type { ProgressListener } from "./progress.ts";

/**
 * The store's downloader for everything Keel fetches: through the shared cache (a file already
 * cached under its SHA-256 is re-verified and copied, not downloaded again), hash-checked before
 * the bytes reach the store's build directory, with progress reported to the package set's
 * listener. Copied rather than hard-linked: the store makes its outputs read-only, and the cache
 * entry must stay the cache's.
 */
export function createStoreFetcher(cacheDir: string, onProgress?: () => ProgressListener | undefined): Fetcher {
  return async (urls, dest, sha256, ctx) => {
    const isDeb = urls.some((u) => u.endsWith(".deb"));
    const cached = cachePath(cacheDir, isDeb ? "debs" : "files", sha256, isDeb ? ".deb" : "");
    const listener = onProgress?.();
    ctx.log(`fetching ${urls[0] ?? ctx.drv.name}`);
    try {
      const result = await downloadVerified({
        urls: [...urls],
        sha256,
        dest: cached,
        what: ctx.drv.name,
        ...(listener ? { onBytes: (bytes: number) => listener({ kind: "bytes", bytes }) } : {}),
      });
      listener?.({ kind: "done", name: ctx.drv.name, cached: result.cached });
      await copyFile(cached, dest);
    } catch (error) {
      await rm(dest, { force: true });
      throw error;
    }
  };
}
