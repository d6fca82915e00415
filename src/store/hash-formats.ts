import { decodeBase32, encodeBase32 } from "./base32.ts";
import { InvalidHashError } from "./errors.ts";

/**
 * Reads a SHA-256 in any form users meet (hex from Debian's Packages index, Nix base-32, SRI) and
 * returns lower-case hex, the form Keel stores and compares.
 */
export function normaliseSha256(value: string): string {
  let v = value.trim();
  if (v.startsWith("sha256:")) v = v.slice(7);
  if (/^[0-9a-fA-F]{64}$/.test(v)) return v.toLowerCase();
  if (v.length === 52) {
    const bytes = decodeBase32(v, 32);
    if (bytes) return Buffer.from(bytes).toString("hex");
  }
  if (v.startsWith("sha256-")) {
    const bytes = Buffer.from(v.slice(7), "base64");
    if (bytes.length === 32) return bytes.toString("hex");
  }
  throw new InvalidHashError(value);
}

/** `sha256:<nix base-32>`, the form Nix prints NAR hashes in. */
export function formatNixSha256(hex: string): string {
  return `sha256:${encodeBase32(Buffer.from(hex, "hex"))}`;
}
