import { STORE_HASH_LENGTH } from "./base32.ts";
import { UnknownStoreHashError } from "./errors.ts";

/**
 * The store hashes a text mentions: every `<storeDir>/<32 base-32 chars>-`. Strings carry no
 * Nix-style context, so this scan is how a generated file's dependencies are found.
 */
export function mentionedHashes(storeDir: string, text: string): Set<string> {
  const found = new Set<string>();
  const prefix = `${storeDir}/`;
  let i = text.indexOf(prefix);
  while (i >= 0) {
    const start = i + prefix.length;
    const hash = text.slice(start, start + STORE_HASH_LENGTH);
    if (text[start + STORE_HASH_LENGTH] === "-" && /^[0-9a-df-np-sv-z]{32}$/.test(hash)) found.add(hash);
    i = text.indexOf(prefix, start);
  }
  return found;
}

/** Resolves each mentioned hash through `lookup`; an unknown one is an error naming it and `where`. */
export function resolveMentions<T>(storeDir: string, text: string, where: string, lookup: (hash: string) => T | undefined): T[] {
  const out: T[] = [];
  for (const hash of mentionedHashes(storeDir, text)) {
    const hit = lookup(hash);
    if (hit === undefined) throw new UnknownStoreHashError(hash, where);
    out.push(hit);
  }
  return out;
}
