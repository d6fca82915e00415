import { BASE32_BYTE, STORE_HASH_LENGTH } from "./base32.ts";

/**
 * Finds which of a set of store hashes occur in a byte stream, as Nix's reference scanner does:
 * any 32-byte window made only of base-32 characters is looked up in the candidate set. Feed it
 * chunks in order; a hash split across two chunks is still found.
 */
export class RefScanner {
  readonly found = new Set<string>();
  private carry: Buffer = Buffer.alloc(0);

  constructor(private readonly candidates: ReadonlySet<string>) {}

  feed(chunk: Buffer): void {
    if (this.candidates.size === 0 || this.found.size === this.candidates.size) return;
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    scanBuffer(buf, this.candidates, this.found);
    this.carry = Buffer.from(buf.subarray(Math.max(0, buf.length - (STORE_HASH_LENGTH - 1))));
  }

  /** Starts a new file: hashes never span two files. */
  reset(): void {
    this.carry = Buffer.alloc(0);
  }
}

function scanBuffer(buf: Buffer, candidates: ReadonlySet<string>, found: Set<string>): void {
  const last = buf.length - STORE_HASH_LENGTH;
  let i = 0;
  while (i <= last) {
    // Check the window right to left so a bad byte lets us jump past it.
    let j = STORE_HASH_LENGTH - 1;
    while (j >= 0 && BASE32_BYTE[buf[i + j]!] === 1) j--;
    if (j >= 0) {
      i += j + 1;
      continue;
    }
    const hash = buf.toString("latin1", i, i + STORE_HASH_LENGTH);
    if (candidates.has(hash)) found.add(hash);
    i++;
  }
}

/** The candidate hashes found in one string (a symlink target, a generated text). */
export function scanString(text: string, candidates: ReadonlySet<string>): Set<string> {
  const s = new RefScanner(candidates);
  s.feed(Buffer.from(text));
  return s.found;
}
