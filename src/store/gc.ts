import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { removeTree } from "./finalise-output.ts";
import { type GcRoot, findRoots, profilesDir } from "./gc-roots.ts";
import { deleteGenerationsOlderThan, parsePeriodDays } from "./generations.ts";
import { acquireLock } from "./lock.ts";
import { tryParseStorePath } from "./store-dirs.ts";
import { findTempRoots } from "./temp-roots.ts";
import type { Store } from "./store.ts";
import { isTempEntry } from "./temp-names.ts";

export interface GcOptions {
  /** Report what would be deleted; delete nothing (not even stale roots or generations). */
  readonly dryRun?: boolean;
  /** `30d`: first delete profile generations older than this (never the current one). */
  readonly deleteOlderThan?: string;
  /** The clock, for tests of `deleteOlderThan`. */
  readonly now?: Date;
}

export interface GcReport {
  readonly dryRun: boolean;
  readonly roots: readonly GcRoot[];
  /** Generation links removed by `deleteOlderThan`. */
  readonly deletedGenerations: readonly string[];
  /** Store paths deleted (registered ones and unregistered leftovers), in deletion order. */
  readonly deleted: readonly string[];
  /** Temporaries of crashed builds removed. */
  readonly tempsRemoved: readonly string[];
  /** Disk space the deletions freed (allocated blocks), in bytes. */
  readonly freedBytes: number;
  /** Paths kept because a root reaches them. */
  readonly live: number;
}

/**
 * Deletes every store path no root reaches. Holds the GC lock exclusively, so it waits for running
 * realisations and none starts meanwhile; that is also why temporaries found now are leftovers of
 * crashed builds and safe to remove. A path is unregistered before its files go, and referrers go
 * before what they reference, so a crash mid-collection never leaves a valid path with a missing
 * reference.
 */
export async function collectGarbage(store: Store, opts: GcOptions = {}): Promise<GcReport> {
  const dryRun = opts.dryRun ?? false;
  const lock = await acquireLock(join(store.stateDir, "gc.lock"), "exclusive");
  try {
    let deletedGenerations: string[] = [];
    if (opts.deleteOlderThan !== undefined) {
      const days = parsePeriodDays(opts.deleteOlderThan);
      const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
      deletedGenerations = deleteGenerationsOlderThan(profilesDir(store.stateDir), cutoff, dryRun);
    }
    const roots = [
      ...findRoots(store, { excluded: new Set(deletedGenerations), dryRun }),
      ...(await findTempRoots(store.storeDir, store.stateDir, { dryRun })),
    ];
    const live = new Set(store.closure(roots.map((r) => r.storePath).filter((p) => store.isValid(p))));

    const deadRegistered: string[] = [];
    const deadOther: string[] = [];
    const temps: string[] = [];
    for (const entry of readdirSync(store.storeDir).sort()) {
      const path = join(store.storeDir, entry);
      if (isTempEntry(entry)) temps.push(path);
      else if (!tryParseStorePath(store.storeDir, path)) continue;
      else if (live.has(path)) continue;
      else if (store.db.get(path)) deadRegistered.push(path);
      else deadOther.push(path);
    }
    const ordered = referrersFirst(store, deadRegistered);
    let freedBytes = 0;
    for (const path of [...ordered, ...deadOther, ...temps]) {
      freedBytes += diskUsage(path);
      if (dryRun) continue;
      store.db.unregister(path);
      removeTree(path);
    }
    return {
      dryRun,
      roots,
      deletedGenerations,
      deleted: [...ordered, ...deadOther],
      tempsRemoved: temps,
      freedBytes,
      live: live.size,
    };
  } finally {
    await lock.release();
  }
}

/** Orders dead paths so each comes before every dead path it references (Kahn's algorithm). */
function referrersFirst(store: Store, dead: readonly string[]): string[] {
  const deadSet = new Set(dead);
  const referrers = new Map<string, number>(dead.map((p) => [p, 0]));
  const refs = new Map<string, string[]>();
  for (const p of dead) {
    const r = (store.db.get(p)?.references ?? []).filter((x) => x !== p && deadSet.has(x));
    refs.set(p, r);
    for (const x of r) referrers.set(x, (referrers.get(x) ?? 0) + 1);
  }
  const ready = dead.filter((p) => referrers.get(p) === 0);
  const out: string[] = [];
  while (ready.length) {
    const p = ready.shift()!;
    out.push(p);
    for (const x of refs.get(p) ?? []) {
      const n = (referrers.get(x) ?? 1) - 1;
      referrers.set(x, n);
      if (n === 0) ready.push(x);
    }
  }
  // References form no cycles except self-references (dropped above); anything left is a bug guard.
  const placed = new Set(out);
  for (const p of dead) if (!placed.has(p)) out.push(p);
  return out;
}

function diskUsage(path: string): number {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  let total = st.blocks * 512;
  if (st.isDirectory()) for (const name of readdirSync(path)) total += diskUsage(join(path, name));
  return total;
}
