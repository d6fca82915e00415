import { lstatSync } from "node:fs";
import { narHash } from "./nar.ts";
import type { Store } from "./store.ts";

export interface VerifyReport {
  /** Registered paths checked. */
  readonly checked: number;
  /** Paths whose contents no longer hash to what was registered. */
  readonly changed: readonly { readonly path: string; readonly expected: string; readonly actual: string }[];
  /** Registered paths that are gone from the store directory. */
  readonly missing: readonly string[];
  /** Registered references that are not registered themselves (a damaged closure). */
  readonly brokenReferences: readonly { readonly path: string; readonly reference: string }[];
  readonly ok: boolean;
}

/**
 * Re-hashes every registered path and compares with its registration (`nix-store --verify
 * --check-contents`). Reports; repairs nothing: a changed path is rebuilt by deleting it
 * (`rebuild gc` once unrooted) and realising again.
 */
export async function verifyStore(store: Store): Promise<VerifyReport> {
  const changed: { path: string; expected: string; actual: string }[] = [];
  const missing: string[] = [];
  const brokenReferences: { path: string; reference: string }[] = [];
  const infos = store.db.list();
  for (const info of infos) {
    if (!lstatSync(info.path, { throwIfNoEntry: false })) {
      missing.push(info.path);
      continue;
    }
    const actual = narHash(info.path).sha256;
    if (actual !== info.narHash) changed.push({ path: info.path, expected: info.narHash, actual });
    for (const ref of info.references) if (!store.db.get(ref)) brokenReferences.push({ path: info.path, reference: ref });
    // Yield between paths so a long verify does not starve timers and signals.
    await new Promise((r) => setImmediate(r));
  }
  return { checked: infos.length, changed, missing, brokenReferences, ok: !changed.length && !missing.length && !brokenReferences.length };
}
