import { lstatSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Replaces every occurrence of `from` with `to` (same length, so binaries keep their offsets) in
 * file contents and symlink targets. Used when a command ran without a sandbox and therefore
 * wrote its temporary output path where the final one belongs (Nix's hash rewriting).
 */
export function rewriteHashPart(path: string, from: string, to: string): void {
  if (from.length !== to.length) throw new Error("internal: hash rewriting needs equal lengths");
  const fromBuf = Buffer.from(from);
  const st = lstatSync(path);
  if (st.isSymbolicLink()) {
    const target = readlinkSync(path);
    if (target.includes(from)) {
      rmSync(path);
      symlinkSync(target.split(from).join(to), path);
    }
  } else if (st.isFile()) {
    const data = readFileSync(path);
    if (data.indexOf(fromBuf) < 0) return;
    const toBuf = Buffer.from(to);
    let i = data.indexOf(fromBuf);
    while (i >= 0) {
      toBuf.copy(data, i);
      i = data.indexOf(fromBuf, i + fromBuf.length);
    }
    writeFileSync(path, data, { mode: st.mode });
  } else if (st.isDirectory()) {
    for (const name of readdirSync(path)) rewriteHashPart(join(path, name), from, to);
  }
}
