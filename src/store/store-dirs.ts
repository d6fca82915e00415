import { isAbsolute, resolve } from "node:path";
import { BASE32_ALPHABET, STORE_HASH_LENGTH } from "./base32.ts";
import { InvalidDerivationNameError, InvalidStorePathError } from "./errors.ts";

export const DEFAULT_STORE_DIR = "/keel/store";
export const DEFAULT_STATE_DIR = "/keel/var";

/** The store directory: the flag, else $KEEL_STORE_DIR, else /keel/store. Always absolute, no trailing slash. */
export function resolveStoreDir(flag?: string): string {
  return resolve(flag || process.env.KEEL_STORE_DIR || DEFAULT_STORE_DIR);
}

/** Keel's state directory (database, locks, gcroots, profiles): the flag, else $KEEL_STATE_DIR, else /keel/var. */
export function resolveStateDir(flag?: string): string {
  return resolve(flag || process.env.KEEL_STATE_DIR || DEFAULT_STATE_DIR);
}

// Nix's rule: these characters only, no leading dot (the store's own temp entries start with one).
const NAME_RE = /^[A-Za-z0-9+\-_?=][A-Za-z0-9+\-._?=]{0,210}$/;

export function checkName(name: string): void {
  if (!NAME_RE.test(name)) throw new InvalidDerivationNameError(name);
}

export interface ParsedStorePath {
  /** `<storeDir>/<hash>-<name>`: the top-level store path. */
  readonly storePath: string;
  readonly hash: string;
  readonly name: string;
  /** What follows the store path, with its leading slash ("" for the store path itself). */
  readonly rest: string;
}

const hashChars = new Set(BASE32_ALPHABET);

/** Splits `<storeDir>/<hash>-<name>[/rest]`; undefined if `path` is not inside a store path. */
export function tryParseStorePath(storeDir: string, path: string): ParsedStorePath | undefined {
  if (!isAbsolute(path)) return undefined;
  const normal = resolve(path);
  if (!normal.startsWith(`${storeDir}/`)) return undefined;
  const tail = normal.slice(storeDir.length + 1);
  const slash = tail.indexOf("/");
  const base = slash < 0 ? tail : tail.slice(0, slash);
  const hash = base.slice(0, STORE_HASH_LENGTH);
  if (base[STORE_HASH_LENGTH] !== "-" || hash.length !== STORE_HASH_LENGTH) return undefined;
  for (const c of hash) if (!hashChars.has(c)) return undefined;
  const name = base.slice(STORE_HASH_LENGTH + 1);
  if (!NAME_RE.test(name)) return undefined;
  return { storePath: `${storeDir}/${base}`, hash, name, rest: slash < 0 ? "" : tail.slice(slash) };
}

/** Like tryParseStorePath, but a path outside the store is an error naming it. */
export function parseStorePath(storeDir: string, path: string): ParsedStorePath {
  const parsed = tryParseStorePath(storeDir, path);
  if (!parsed) throw new InvalidStorePathError(path, storeDir, "expected <store dir>/<32-character hash>-<name>");
  return parsed;
}
