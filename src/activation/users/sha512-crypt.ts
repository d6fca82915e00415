import { randomBytesFromKernel } from "../../random-bytes.ts";
import { loadCrypto } from "../lazy-builtins.ts";

/**
 * glibc's SHA-512 crypt (`$6$`), the hash /etc/shadow uses. Node has no crypt(3), and the
 * activation runs before any PAM tooling could be relied on, so it is implemented here from
 * Ulrich Drepper's specification ("Unix crypt using SHA-256 and SHA-512").
 */
const alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const defaultRounds = 5000;

function sha512(...parts: Buffer[]): Buffer {
  const h = loadCrypto().createHash("sha512");
  for (const p of parts) h.update(p);
  return h.digest();
}

function repeatTo(bytes: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = bytes[i % bytes.length]!;
  return out;
}

/** The byte order the specification prescribes for the final base-64 encoding. */
const order: [number, number, number][] = [];
for (let k = 0; k < 21; k++) {
  const [a, b, c] = [k, k + 21, k + 42];
  order.push(k % 3 === 0 ? [a, b, c] : k % 3 === 1 ? [b, c, a] : [c, a, b]);
}

function encode(digest: Buffer): string {
  let out = "";
  const push = (value: number, chars: number) => {
    for (let i = 0; i < chars; i++) {
      out += alphabet[value & 0x3f];
      value >>>= 6;
    }
  };
  for (const [a, b, c] of order) push((digest[a]! << 16) | (digest[b]! << 8) | digest[c]!, 4);
  push(digest[63]!, 2);
  return out;
}

export function sha512Crypt(password: string, salt: string, rounds = defaultRounds): string {
  const key = Buffer.from(password);
  const saltBytes = Buffer.from(salt.slice(0, 16));
  const alternate = sha512(key, saltBytes, key);
  const { createHash } = loadCrypto();
  const a = createHash("sha512").update(key).update(saltBytes).update(repeatTo(alternate, key.length));
  for (let n = key.length; n > 0; n >>= 1) a.update(n & 1 ? alternate : key);
  const digestA = a.digest();

  const p = repeatTo(sha512(...Array(key.length).fill(key)), key.length);
  const s = repeatTo(sha512(...Array(16 + digestA[0]!).fill(saltBytes)), saltBytes.length);

  let c = digestA;
  for (let i = 0; i < rounds; i++) {
    const h = createHash("sha512");
    h.update(i & 1 ? p : c);
    if (i % 3) h.update(s);
    if (i % 7) h.update(p);
    h.update(i & 1 ? c : p);
    c = h.digest();
  }
  const roundsPart = rounds === defaultRounds ? "" : `rounds=${rounds}$`;
  return `$6$${roundsPart}${saltBytes.toString()}$${encode(c)}`;
}

/** A fresh hash with an 8-character random salt, as NixOS's update-users-groups does. */
export function hashPassword(password: string): string {
  const bytes = randomBytesFromKernel(8);
  const salt = [...bytes].map((b) => alphabet[b & 0x3f]).join("");
  return sha512Crypt(password, salt);
}
