/**
 * A writer for the cpio "newc" format, the one the Linux kernel unpacks as an initramfs. Every
 * field that could vary between builds (mtime, owner, inode numbers) is fixed, so the same
 * entries always give the same bytes: the initrd's store path must not change on a rebuild.
 */
export type CpioEntry =
  | { type: "dir"; path: string; mode?: number }
  | { type: "file"; path: string; data: Buffer; mode?: number }
  | { type: "symlink"; path: string; target: string };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

function pad4(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

function header(ino: number, mode: number, nlink: number, size: number, name: string): Buffer {
  const nameBytes = Buffer.from(`${name}\0`);
  const fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, nameBytes.length, 0];
  const head = Buffer.from(`070701${fields.map(hex8).join("")}`, "ascii");
  const withName = Buffer.concat([head, nameBytes]);
  return Buffer.concat([withName, pad4(withName.length)]);
}

/** Serialises entries, parents first (sorted by path), ending with the TRAILER!!! record. */
export function writeCpio(entries: CpioEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const chunks: Buffer[] = [];
  let ino = 1;
  for (const entry of sorted) {
    const path = entry.path.replace(/^\/+/, "");
    if (entry.type === "dir") {
      chunks.push(header(ino++, S_IFDIR | (entry.mode ?? 0o755), 2, 0, path));
    } else if (entry.type === "file") {
      chunks.push(header(ino++, S_IFREG | (entry.mode ?? 0o644), 1, entry.data.length, path), entry.data, pad4(entry.data.length));
    } else {
      const target = Buffer.from(entry.target);
      chunks.push(header(ino++, S_IFLNK | 0o777, 1, target.length, path), target, pad4(target.length));
    }
  }
  chunks.push(header(0, 0, 1, 0, "TRAILER!!!"));
  return Buffer.concat(chunks);
}

/** Adds a `dir` entry for every missing parent of every entry, so the archive unpacks anywhere. */
export function withParentDirectories(entries: CpioEntry[]): CpioEntry[] {
  const have = new Set(entries.map((e) => e.path.replace(/^\/+/, "")));
  const extra: CpioEntry[] = [];
  for (const entry of entries) {
    const parts = entry.path.replace(/^\/+/, "").split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!have.has(dir)) {
        have.add(dir);
        extra.push({ type: "dir", path: dir });
      }
    }
  }
  return [...entries, ...extra];
}
