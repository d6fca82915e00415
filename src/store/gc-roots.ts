import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { encodeBase32 } from "./base32.ts";
import { symlinkAtomic } from "../atomic-files.ts";
import { tryParseStorePath } from "./store-dirs.ts";
import type { Store } from "./store.ts";

/** Where GC roots live under the state dir (as /nix/var/nix/{profiles,gcroots}). */
export function profilesDir(stateDir: string): string {
  return join(stateDir, "profiles");
}
export function gcrootsDir(stateDir: string): string {
  return join(stateDir, "gcroots");
}

/**
 * Registers `linkPath` (an absolute path outside the store, such as ./result) as an indirect root:
 * `<stateDir>/gcroots/auto/<hash of the link's path>` → linkPath. The root lasts while linkPath
 * exists and points into the store; deleting the link is how a user drops it, as with Nix.
 */
export function addIndirectRoot(stateDir: string, linkPath: string): void {
  const id = encodeBase32(createHash("sha256").update(linkPath).digest().subarray(0, 20));
  symlinkAtomic(linkPath, join(gcrootsDir(stateDir), "auto", id));
}

/** A root: the link that holds it and the store path it keeps. */
export interface GcRoot {
  readonly link: string;
  readonly storePath: string;
}

/**
 * Every root: all links under `<stateDir>/profiles` (profiles and their generations) and
 * `<stateDir>/gcroots` (direct links into the store, or indirect links to links such as
 * ./result), plus the system links (/run/current-system, /run/booted-system). Links in
 * `excluded` are skipped (a dry run's would-be-deleted generations). Stale indirect roots,
 * whose link is gone or no longer points into the store, are removed unless `dryRun`.
 */
export function findRoots(store: Store, opts: { excluded?: ReadonlySet<string>; dryRun?: boolean } = {}): GcRoot[] {
  const roots: GcRoot[] = [];
  const add = (link: string) => {
    if (opts.excluded?.has(link)) return;
    const storePath = resolveToStorePath(store.storeDir, link);
    if (storePath) roots.push({ link, storePath });
    return storePath;
  };
  for (const link of listLinks(profilesDir(store.stateDir))) add(link);
  for (const link of listLinks(gcrootsDir(store.stateDir))) {
    const found = add(link);
    if (!found && dirname(link).endsWith("/gcroots/auto") && !opts.dryRun) rmSync(link, { force: true });
  }
  for (const link of store.systemRoots) add(link);
  return roots;
}

/** Follows a chain of symlinks until it reaches a store path (not beyond: store paths may be links). */
export function resolveToStorePath(storeDir: string, path: string): string | undefined {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const parsed = tryParseStorePath(storeDir, p);
    if (parsed) return parsed.storePath;
    try {
      if (!lstatSync(p).isSymbolicLink()) return undefined;
      p = resolve(dirname(p), readlinkSync(p));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function listLinks(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const p = join(dir, name);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isSymbolicLink()) out.push(p);
    else if (st.isDirectory()) out.push(...listLinks(p));
  }
  return out;
}
