import type { RealiseEvent } from "../store/index.ts";
import { fetchDebs } from "./deb-fetch.ts";
import type { Package, PackageSet } from "./package-set.ts";
import type { ProgressListener } from "./progress.ts";

export interface RealisePackagesOptions {
  /** Parallel downloads (network-bound; default 8). */
  downloadJobs?: number;
  /** Parallel unpacks (CPU-bound; default: the store's default, the CPU count). */
  jobs?: number;
  onProgress?: ProgressListener;
  onEvent?: (e: RealiseEvent) => void;
}

export interface RealisePackagesResult {
  paths: string[];
  /** Packages whose .deb had to be fetched (downloaded, or taken from the cache). */
  fetched: number;
  /** Packages unpacked in this run. */
  unpacked: number;
}

/**
 * Realises packages the fast way: first every missing .deb is downloaded into the shared cache,
 * many at a time with one progress display, then the store unpacks them (its fetcher finds them
 * in the cache). Downloads and unpacks want different parallelism, which one `realise` cannot give.
 */
export async function realisePackages(pkgs: PackageSet, packages: readonly Package[], options: RealisePackagesOptions = {}): Promise<RealisePackagesResult> {
  const { store, lock } = pkgs;
  const drvs = packages.map((p) => p.drv);
  const planned = store.plan(drvs);
  const missing = new Set(planned.toFetch.map((d) => d.outPath));
  const toDownload = packages.filter((p) => missing.has(p.deb.outPath));
  if (toDownload.length > 0) {
    const refs = toDownload.map((p) => ({ name: p.debName, ...(lock.packages[p.debName] as NonNullable<(typeof lock.packages)[string]>) }));
    await fetchDebs(refs, pkgs.mirror(), pkgs.cacheDir, {
      jobs: options.downloadJobs ?? 8,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  }
  const paths = await store.realise(drvs, {
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return { paths, fetched: toDownload.length, unpacked: planned.toBuild.length };
}
