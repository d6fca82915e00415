import { cachePath } from "./cache.ts";
import { downloadVerified, mapPool } from "./download.ts";
import type { MirrorConfig, Suite } from "./mirror.ts";
import type { ProgressListener } from "./progress.ts";

export interface DebRef {
  name: string;
  version: string;
  suite: string;
  filename: string;
  size: number;
  sha256: string;
}

/** Where a package's .deb is downloaded from: its suite's archive in the mirror config. */
export function debUrls(mirror: MirrorConfig, ref: Pick<DebRef, "suite" | "filename">): string[] {
  const base = mirror.suites[ref.suite as Suite];
  return base === undefined ? [] : [`${base}/${ref.filename}`];
}

export function debCachePath(cacheDir: string, sha256: string): string {
  return cachePath(cacheDir, "debs", sha256, ".deb");
}

/** Downloads one .deb into the cache (or re-verifies the cached copy) and returns its path. */
export async function fetchDeb(ref: DebRef, mirror: MirrorConfig, cacheDir: string, onProgress?: ProgressListener): Promise<string> {
  const result = await downloadVerified({
    urls: debUrls(mirror, ref),
    sha256: ref.sha256,
    dest: debCachePath(cacheDir, ref.sha256),
    what: `${ref.name} ${ref.version} (${ref.filename})`,
    onBytes: (bytes) => onProgress?.({ kind: "bytes", bytes }),
  });
  onProgress?.({ kind: "done", name: ref.name, cached: result.cached });
  return result.path;
}

/** Fetches many .debs in parallel into the cache; returns their cache paths by package name. */
export async function fetchDebs(
  refs: DebRef[],
  mirror: MirrorConfig,
  cacheDir: string,
  options: { jobs?: number; onProgress?: ProgressListener } = {},
): Promise<Map<string, string>> {
  options.onProgress?.({ kind: "start", totalFiles: refs.length, totalBytes: refs.reduce((n, r) => n + r.size, 0) });
  const paths = await mapPool(refs, options.jobs ?? 8, (ref) => fetchDeb(ref, mirror, cacheDir, options.onProgress));
  options.onProgress?.({ kind: "finish" });
  return new Map(refs.map((ref, i) => [ref.name, paths[i] as string]));
}
