import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, realpathSync } from "node:fs";
import { basename } from "node:path";
import { encodeBase32 } from "../store/index.ts";

/**
 * The ESP name of a kernel or initrd: `<hash>-<file name>.efi`, the hash over the file's bytes.
 * Generations with the same kernel share one copy, a name never changes meaning (so an existing
 * file is never rewritten), and what a name holds can be checked. `.efi` because some firmware
 * menus and tools only show files of that type.
 */
export class KernelFileNamer {
  private readonly byPath = new Map<string, string>();

  /** `source` resolved, hashed once per run however many entries share it. */
  nameOf(source: string): { name: string; source: string } {
    const real = realpathSync(source);
    let name = this.byPath.get(real);
    if (name === undefined) {
      name = `${hashFile(real)}-${basename(real)}.efi`;
      this.byPath.set(real, name);
    }
    return { name, source: real };
  }
}

function hashFile(path: string): string {
  const hash = createHash("sha256");
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  // 160 bits, the store's base-32 alphabet: 32 characters, as a store path hash.
  return encodeBase32(hash.digest().subarray(0, 20));
}
