import { randomBytes } from "node:crypto";
import { encodeBase32 } from "./base32.ts";
import type { Derivation } from "./derivation.ts";

/*
 * Every temporary entry in the store directory starts with a dot, which no store path name may
 * (see checkName), so listing the store never mistakes one for a path. Two shapes:
 *   .tmp-<hash>-<random>            scratch directory of one build of <hash>
 *   .t<hash[0..10]><random 20>-name where the output is built: exactly as long as the final path,
 *                                   so a same-length rewrite can turn one into the other.
 * Both carry the hash, so whoever holds a path's lock can clean a crashed build's leftovers.
 */
export function scratchName(drv: Derivation): string {
  return `.tmp-${drv.hash}-${randomBytes(6).toString("hex")}`;
}

export function tempOutName(drv: Derivation): string {
  return `.t${drv.hash.slice(0, 10)}${encodeBase32(randomBytes(13)).slice(0, 20)}-${drv.name}`;
}

/** Whether a store-dir entry is a temporary left by a build of `hash`. */
export function isTempOf(entry: string, hash: string): boolean {
  return entry.startsWith(`.tmp-${hash}-`) || (entry.startsWith(`.t${hash.slice(0, 10)}`) && entry[32] === "-");
}

/** Whether a store-dir entry is any build's temporary (GC removes these when no build runs). */
export function isTempEntry(entry: string): boolean {
  return entry.startsWith(".tmp-") || (entry.startsWith(".t") && entry[32] === "-");
}
