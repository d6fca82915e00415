import { createHash } from "node:crypto";

/** Nix's base-32 alphabet: digits and lower-case letters without e, o, u and t (no accidental words). */
export const BASE32_ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

/** Length of the hash part of a store path: 160 bits in 5-bit characters. */
export const STORE_HASH_LENGTH = 32;

/**
 * Encodes bytes the way Nix does: the last character holds the lowest bits of the first byte, so
 * a Nix tool reading one of our hashes decodes the same bytes.
 */
export function encodeBase32(bytes: Uint8Array): string {
  const len = Math.ceil((bytes.length * 8) / 5);
  let out = "";
  for (let n = len - 1; n >= 0; n--) {
    const b = n * 5;
    const i = Math.floor(b / 8);
    const j = b % 8;
    const lo = (bytes[i] ?? 0) >> j;
    const hi = j === 0 ? 0 : (bytes[i + 1] ?? 0) << (8 - j);
    out += BASE32_ALPHABET[(lo | hi) & 0x1f];
  }
  return out;
}

/** Inverse of encodeBase32; undefined if a character is outside the alphabet. */
export function decodeBase32(text: string, byteLength: number): Uint8Array | undefined {
  const bytes = new Uint8Array(byteLength);
  for (let n = 0; n < text.length; n++) {
    const c = BASE32_ALPHABET.indexOf(text[text.length - 1 - n] ?? "");
    if (c < 0) return undefined;
    const b = n * 5;
    const i = Math.floor(b / 8);
    const j = b % 8;
    bytes[i] = (bytes[i] ?? 0) | ((c << j) & 0xff);
    if (i + 1 < byteLength) bytes[i + 1] = (bytes[i + 1] ?? 0) | (c >> (8 - j));
  }
  return bytes;
}

/** The 32-character hash part of a store path: SHA-256 of `text`, truncated to 160 bits. */
export function storeHashOf(text: string): string {
  const digest = createHash("sha256").update(text).digest();
  return encodeBase32(digest.subarray(0, 20));
}

const isBase32 = new Uint8Array(256);
for (const ch of BASE32_ALPHABET) isBase32[ch.charCodeAt(0)] = 1;
/** Lookup table used by the reference scanner: 1 for bytes that may appear in a store hash. */
export const BASE32_BYTE = isBase32;
