import type { Derivation } from "./derivation.ts";
import type { Store } from "./store.ts";

/** What a builder gets: where to put the output, and read access to its realised inputs. */
export interface BuildContext {
  /**
   * Where to create the output (a file, directory or symlink; it does not exist yet). It lies in
   * the store directory and has the same length as `drv.outPath`; it is renamed to `drv.outPath`
   * once the build succeeds. Write `drv.outPath` (not `out`) into contents that name the output.
   */
  readonly out: string;
  readonly drv: Derivation;
  readonly store: Store;
  /** A scratch directory on the store's filesystem, deleted after the build. */
  readonly tmpDir: string;
  /** The realised path of an input (inputs are realised before their dependents build). */
  inputPath(d: Derivation): string;
  /** A line for the build log (shown in a failure's log tail and passed to `onEvent`). */
  log(msg: string): void;
}

export interface Builder {
  readonly kind: string;
  /** Bump when the builder's output changes for the same arguments: every path it made changes hash. */
  readonly version: number;
  build(ctx: BuildContext): Promise<void>;
}

/** Progress reports from `realise`, for progress bars and logs. */
export type RealiseEvent =
  | { readonly type: "present"; readonly drv: Derivation }
  | { readonly type: "build-start" | "fetch-start"; readonly drv: Derivation }
  | { readonly type: "build-done" | "fetch-done"; readonly drv: Derivation; readonly ms: number }
  | { readonly type: "build-failed"; readonly drv: Derivation; readonly error: Error }
  | { readonly type: "log"; readonly drv: Derivation; readonly line: string };

/** The default downloader's signature; src/packages plugs in a mirror/cache/progress-aware one. */
export type Fetcher = (
  urls: readonly string[],
  dest: string,
  sha256: string,
  ctx: { readonly drv: Derivation; log(msg: string): void },
) => Promise<void>;
