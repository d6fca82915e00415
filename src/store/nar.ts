import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from "node:fs";
import { createHash, type Hash } from "node:crypto";
import { join } from "node:path";

/**
 * Hashes a file tree as Nix hashes a NAR (Nix ARchive): only file type, the executable bit,
 * contents, symlink targets and sorted entry names count, so timestamps, owners and other mode
 * bits never change a hash. The result is the same `narHash` Nix would report for the tree.
 */
export interface NarDigest {
  /** SHA-256 of the serialisation, lower-case hex. */
  readonly sha256: string;
  /** Length of the serialisation in bytes (Nix's `narSize`). */
  readonly size: number;
}

const CHUNK = 1 << 20;

export function narHash(path: string): NarDigest {
  const sink = new NarSink();
  sink.str("nix-archive-1");
  serialise(path, sink);
  return { sha256: sink.hash.digest("hex"), size: sink.size };
}

class NarSink {
  readonly hash: Hash = createHash("sha256");
  size = 0;
  raw(b: Uint8Array): void {
    this.hash.update(b);
    this.size += b.length;
  }
  u64(n: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.raw(b);
  }
  pad(n: number): void {
    const p = (8 - (n % 8)) % 8;
    if (p) this.raw(Buffer.alloc(p));
  }
  str(s: string | Buffer): void {
    const b = typeof s === "string" ? Buffer.from(s) : s;
    this.u64(b.length);
    this.raw(b);
    this.pad(b.length);
  }
}

function serialise(path: string, sink: NarSink): void {
  const st = lstatSync(path);
  sink.str("(");
  if (st.isSymbolicLink()) {
    sink.str("type");
    sink.str("symlink");
    sink.str("target");
    sink.str(readlinkSync(path, { encoding: "buffer" }));
  } else if (st.isFile()) {
    sink.str("type");
    sink.str("regular");
    if (st.mode & 0o100) {
      sink.str("executable");
      sink.str("");
    }
    sink.str("contents");
    streamFile(path, sink);
  } else if (st.isDirectory()) {
    sink.str("type");
    sink.str("directory");
    // Nix sorts by bytes; JS string order matches it for the ASCII names stores hold.
    for (const name of readdirSync(path).sort(compareBytes)) {
      sink.str("entry");
      sink.str("(");
      sink.str("name");
      sink.str(name);
      sink.str("node");
      serialise(join(path, name), sink);
      sink.str(")");
    }
  } else {
    throw new Error(`${path}: not a regular file, directory or symlink; the store cannot hold it`);
  }
  sink.str(")");
}

function streamFile(path: string, sink: NarSink): void {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    sink.u64(size);
    const buf = Buffer.allocUnsafe(CHUNK);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      sink.raw(buf.subarray(0, n));
      total += n;
    }
    if (total !== size) throw new Error(`${path} changed size while it was being hashed`);
    sink.pad(size);
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 (hex) of one file's bytes, read in chunks: .debs can be hundreds of megabytes. */
export function sha256File(path: string): string {
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
