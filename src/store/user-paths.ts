import { resolve } from "node:path";
import { InvalidStorePathError, PathNotValidError } from "./errors.ts";
import { resolveToStorePath } from "./gc-roots.ts";
import { tryParseStorePath } from "./store-dirs.ts";
import type { Store } from "./store.ts";

/**
 * What a user typed (`./result`, a store path, a file inside one, a profile link) → the valid
 * store path it denotes, as `nix path-info ./result` reads it.
 */
export function resolveUserPath(store: Store, arg: string): string {
  const abs = resolve(arg);
  const storePath = tryParseStorePath(store.storeDir, abs)?.storePath ?? resolveToStorePath(store.storeDir, abs);
  if (!storePath) throw new InvalidStorePathError(arg, store.storeDir, "it is neither in the store nor a link into it");
  if (!store.isValid(storePath)) throw new PathNotValidError(storePath);
  return storePath;
}
