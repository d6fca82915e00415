import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Every file on the ESP is written as a temp file, fsynced, then renamed over its name, and the
 * directory is fsynced. A writer killed at any point leaves either the old file or the new one.
 * Temp names start with a dot and end in `.keel-tmp`, so neither systemd-boot nor bootctl (which
 * read `*.conf` only) ever parse one; the next run deletes them.
 */
const TEMP_SUFFIX = ".keel-tmp";

function tempFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`);
}

export function isTempName(name: string): boolean {
  return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
}

function syncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function replaceWith(tmp: string, path: string, fill: (tmp: string) => void): void {
  try {
    fill(tmp);
    syncFile(tmp);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Writes `text` to `path` atomically (no directory fsync: callers batch that per directory). */
export function writeFileAtomic(path: string, text: string): void {
  replaceWith(tempFor(path), path, (tmp) => {
    const fd = openSync(tmp, "w", 0o644);
    try {
      writeSync(fd, Buffer.from(text));
    } finally {
      closeSync(fd);
    }
  });
}

/** Copies `source` to `path` atomically. */
export function copyFileAtomic(source: string, path: string): void {
  replaceWith(tempFor(path), path, (tmp) => copyFileSync(source, tmp));
}

/** Deletes temp files a killed writer left in `dir`. */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!isTempName(name)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
