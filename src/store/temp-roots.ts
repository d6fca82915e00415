/**
 * Temporary GC roots (Nix's `temproots`): every store path a process has realised or found valid
 * stays alive until that process exits, so a collection in another process cannot delete a fresh
 * build between `realise` and the `result` link or profile generation that roots it for good.
 *
 * Each process appends to `<stateDir>/temproots/<pid>` and holds an exclusive flock on that file
 * for its whole life (the lock helper dies with it, and the kernel drops the lock). A collection
 * tries the same lock: taking it means the owner is gone and its file is stale; finding it busy
 * means the owner lives and its paths are roots.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { GcRoot } from "./gc-roots.ts";
import { type HeldLock, tryAcquireLock } from "./lock.ts";
import { tryParseStorePath } from "./store-dirs.ts";

export function tempRootsDir(stateDir: string): string {
  return join(stateDir, "temproots");
}

/** Per state dir: this process's file, locked once, and the paths already written to it. */
const mine = new Map<string, { file: string; lock: Promise<HeldLock | undefined>; written: Set<string> }>();

/**
 * Records `paths` as this process's temporary roots. Call it with the GC lock held shared (as
 * realise does), so no collection is between reading the roots and deleting: a path valid now
 * stays valid until this process exits.
 */
export async function addTempRoots(stateDir: string, paths: readonly string[]): Promise<void> {
  let entry = mine.get(stateDir);
  if (!entry) {
    const dir = tempRootsDir(stateDir);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, String(process.pid));
    // A file of an earlier process with our pid is stale (its owner is gone, we are here).
    rmSync(file, { force: true });
    appendFileSync(file, "");
    entry = { file, lock: tryAcquireLock(file, "exclusive"), written: new Set() };
    mine.set(stateDir, entry);
  }
  const held = await entry.lock;
  if (!held) throw new Error(`internal: could not lock this process's temporary roots file ${entry.file}`);
  const fresh = paths.filter((p) => !entry.written.has(p));
  if (fresh.length === 0) return;
  appendFileSync(entry.file, fresh.map((p) => `${p}\n`).join(""));
  for (const p of fresh) entry.written.add(p);
}

/**
 * The temporary roots of every other live process, for a collection (which holds the GC lock
 * exclusively). Files of processes that have exited are removed unless `dryRun`. This process's
 * own file is skipped: a collection does not keep what its own process built and left unrooted.
 */
export async function findTempRoots(storeDir: string, stateDir: string, opts: { dryRun?: boolean } = {}): Promise<GcRoot[]> {
  const dir = tempRootsDir(stateDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const roots: GcRoot[] = [];
  for (const name of names.sort()) {
    if (name === String(process.pid) || !/^\d+$/.test(name)) continue;
    const file = join(dir, name);
    const stale = await tryAcquireLock(file, "exclusive");
    if (stale) {
      if (!opts.dryRun) rmSync(file, { force: true });
      await stale.release();
      continue;
    }
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      const parsed = line === "" ? undefined : tryParseStorePath(storeDir, line);
      if (parsed) roots.push({ link: file, storePath: parsed.storePath });
    }
  }
  return roots;
}
