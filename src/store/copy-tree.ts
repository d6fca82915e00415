import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { compareBytes } from "./nar.ts";

/**
 * Copies a file, directory or symlink as the store sees it: symlinks stay symlinks with their
 * own targets, only the executable bit of a mode survives (finaliseOutput sets the rest), and
 * anything that is not a file, directory or symlink is refused with `describe`'s wording.
 */
export function copyTree(src: string, dest: string, mode?: number): void {
  const st = lstatSync(src);
  if (st.isSymbolicLink()) {
    symlinkSync(readlinkSync(src), dest);
  } else if (st.isFile()) {
    copyFileSync(src, dest);
    const exec = mode !== undefined ? mode & 0o111 : st.mode & 0o111;
    // copyFile keeps the source mode; the store only cares about "executable or not".
    chmodExec(dest, exec !== 0);
  } else if (st.isDirectory()) {
    mkdirSync(dest);
    for (const name of readdirSync(src).sort(compareBytes)) copyTree(join(src, name), join(dest, name));
  } else {
    throw new Error(`${src} is a socket, FIFO or device file; the store holds only files, directories and symlinks`);
  }
}

function chmodExec(path: string, exec: boolean): void {
  chmodSync(path, exec ? 0o755 : 0o644);
}
