import { chmodSync, closeSync, fsyncSync, lstatSync, lutimesSync, openSync, readdirSync, readlinkSync, readSync, rmSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { compareBytes } from "./nar.ts";
import { RefScanner } from "./scan-refs.ts";

const CHUNK = 1 << 20;

/**
 * Makes a freshly built output what a store path must be: read-only (0444, or 0555 when any
 * execute bit was set; setuid/setgid dropped), every mtime 1 (like Nix, so archives and hashes
 * are reproducible). In the same walk it scans contents and symlink targets for `candidates` and
 * returns the hashes found.
 *
 * Files are fsynced only with `fsync` (KEEL_FSYNC_STORE_PATHS=1), like Nix's `fsync-store-paths`
 * (off by default there too): one fsync per file made small outputs ~25x slower here. Without it
 * a power cut right after a build can leave a registered path with truncated files; the database
 * entry itself is always fsynced, and `rebuild store verify` finds such a path.
 */
export function finaliseOutput(out: string, candidates: ReadonlySet<string>, fsync = process.env.KEEL_FSYNC_STORE_PATHS === "1"): Set<string> {
  const scanner = new RefScanner(candidates);
  walk(out, scanner, fsync);
  return scanner.found;
}

function walk(path: string, scanner: RefScanner, fsync: boolean): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) {
    scanner.reset();
    scanner.feed(readlinkSync(path, { encoding: "buffer" }));
    lutimesSync(path, 1, 1);
  } else if (st.isFile()) {
    chmodSync(path, st.mode & 0o111 ? 0o555 : 0o444);
    const fd = openSync(path, "r");
    try {
      scanner.reset();
      const buf = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        const n = readSync(fd, buf, 0, CHUNK, null);
        if (n === 0) break;
        scanner.feed(buf.subarray(0, n));
      }
      if (fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    utimesSync(path, 1, 1);
  } else if (st.isDirectory()) {
    for (const name of readdirSync(path).sort(compareBytes)) walk(join(path, name), scanner, fsync);
    chmodSync(path, 0o555);
    utimesSync(path, 1, 1);
  } else {
    throw new Error(`${path} is a socket, FIFO or device file; store paths hold only files, directories and symlinks`);
  }
}

/**
 * Deletes a tree even when it is read-only (as store paths are) and the caller is not root.
 * Missing paths are fine: deletion is how crash leftovers are cleaned.
 */
export function removeTree(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EACCES" && (error as NodeJS.ErrnoException).code !== "EPERM") throw error;
    makeWritable(path);
    rmSync(path, { recursive: true, force: true });
  }
}

function makeWritable(path: string): void {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (!st.isDirectory()) return;
  chmodSync(path, 0o755);
  for (const name of readdirSync(path)) makeWritable(join(path, name));
}
