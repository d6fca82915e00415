import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, symlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

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

export function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`);
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
  if (opts.syncDir !== false) fsyncDir(dirname(path));
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
