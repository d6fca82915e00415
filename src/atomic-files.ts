import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, symlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytesFromKernel } from "./random-bytes.ts";

/**
 * Every write that matters in Keel (store database, profiles, GC roots, /etc, accounts, boot
 * entries, the lock file) goes through here: a temp file beside the target, fsynced, renamed over
 * it, then the directory fsynced. A reader, or a writer killed at any point, sees the old file or
 * the new one, never a part of either.
 *
 * Temp names start with a dot and end in `.keel-tmp`, so nothing that globs real names (systemd-boot
 * reads `*.conf`, systemd reads unit names) ever picks one up, and `removeStaleTemps` can clean
 * what a killed writer left.
 */
const TEMP_SUFFIX = ".keel-tmp";

export interface AtomicWriteOptions {
  /** File mode of a new file (default 0644). */
  mode?: number;
  /** Whether to fsync the directory after the rename (default true); callers writing many files into one directory may batch it. */
  syncDir?: boolean;
}

/** Directories whose fsync is owed by the innermost `withBatchedDirSync` (undefined outside one). */
let owedDirSyncs: Set<string> | undefined;

/**
 * Runs `fn` with the directory fsyncs of the atomic writes inside it deferred to its end: each
 * directory is then synced once, in the order first written, before this returns (also when `fn`
 * throws). Readers still see every replacement atomically (the rename); only the durability point
 * moves, from each write to the end of the batch. File contents are still synced before their
 * rename. Boot activation links a hundred-odd /etc entries into a dozen directories: one fsync
 * per link was ~1.5 s of a TCG boot, one per directory is a few tens of ms.
 */
export function withBatchedDirSync<T>(fn: () => T): T {
  if (owedDirSyncs) return fn();
  const owed = new Set<string>();
  owedDirSyncs = owed;
  let value: T;
  try {
    value = fn();
  } catch (error) {
    owedDirSyncs = undefined;
    // Best effort for what was written; the caller needs the batch's own error.
    syncDirs(owed, false);
    throw error;
  }
  owedDirSyncs = undefined;
  syncDirs(owed, true);
  return value;
}

function syncDirs(dirs: Iterable<string>, throwOnError: boolean): void {
  for (const dir of dirs) {
    try {
      fsyncDir(dir);
    } catch (error) {
      // A directory a later write removed has nothing left to make durable.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" && throwOnError) throw error;
    }
  }
}

/** A random part per process, then a counter: unique beside a stale temp of an earlier process with the same pid. */
let tempNonce: string | undefined;
let tempCounter = 0;

export function tempSibling(path: string): string {
  tempNonce ??= randomBytesFromKernel(6).toString("hex");
  tempCounter += 1;
  return join(dirname(path), `.${basename(path)}.${process.pid}-${tempNonce}${tempCounter.toString(36)}${TEMP_SUFFIX}`);
}

export function isTempName(name: string): boolean {
  return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function replaceWith(path: string, fill: (tmp: string) => void, opts: AtomicWriteOptions): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempSibling(path);
  try {
    fill(tmp);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  if (opts.syncDir === false) return;
  if (owedDirSyncs) owedDirSyncs.add(dirname(path));
  else fsyncDir(dirname(path));
}

/** Writes `data` to `path` atomically and durably. */
export function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  replaceWith(
    path,
    (tmp) => {
      const fd = openSync(tmp, "w", opts.mode ?? 0o644);
      try {
        writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    opts,
  );
}

/** Copies `source` to `path` atomically and durably. */
export function copyFileAtomic(source: string, path: string, opts: AtomicWriteOptions = {}): void {
  replaceWith(
    path,
    (tmp) => {
      copyFileSync(source, tmp);
      syncFile(tmp);
    },
    opts,
  );
}

/** Points the symlink `path` at `target` by renaming a fresh link over it (how Nix switches profiles). */
export function symlinkAtomic(target: string, path: string, opts: AtomicWriteOptions = {}): void {
  replaceWith(path, (tmp) => symlinkSync(target, tmp), opts);
}

/** Deletes temp files a killed writer left in `dir`; returns their names. */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!isTempName(name)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
