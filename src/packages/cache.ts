import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The shared download cache: `flag`, else $KEEL_CACHE_DIR, else `~/.cache/keel` (XDG's
 * $XDG_CACHE_HOME/keel when set). Entries are named by their SHA-256, so one cache serves every
 * lock, every store and every test run.
 */
export function resolveCacheDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== "") return flag;
  if (env.KEEL_CACHE_DIR) return env.KEEL_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "keel");
  return join(homedir(), ".cache", "keel");
}

/** Where a file with this SHA-256 lives in the cache, by kind (`debs`, `indices`, `releases`). */
export function cachePath(cacheDir: string, kind: "debs" | "files" | "indices" | "releases", sha256: string, suffix = ""): string {
  return join(cacheDir, kind, `${sha256}${suffix}`);
}
