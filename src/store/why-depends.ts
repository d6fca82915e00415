import { lstatSync, readdirSync, readlinkSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PathNotValidError } from "./errors.ts";
import { parseStorePath } from "./store-dirs.ts";
import type { Store } from "./store.ts";

const MAX_CHAINS = 1000;

/**
 * Reference chains from `a` to `b` (each starts with a and ends with b). By default the one
 * shortest chain, as `nix why-depends` prints; with `all`, every chain (capped at 1000). Empty
 * when `a` does not depend on `b`.
 */
export function whyDepends(store: Store, a: string, b: string, opts: { all?: boolean } = {}): string[][] {
  const from = parseStorePath(store.storeDir, a).storePath;
  const to = parseStorePath(store.storeDir, b).storePath;
  for (const p of [from, to]) if (!store.isValid(p)) throw new PathNotValidError(p);
  const refs = (p: string) => (store.db.get(p)?.references ?? []).filter((r) => r !== p);
  if (!opts.all) {
    const prev = new Map<string, string | null>([[from, null]]);
    const queue = [from];
    while (queue.length) {
      const p = queue.shift()!;
      if (p === to) {
        const chain: string[] = [];
        for (let x: string | null | undefined = p; x; x = prev.get(x)) chain.unshift(x);
        return [chain];
      }
      for (const r of refs(p)) {
        if (prev.has(r)) continue;
        prev.set(r, p);
        queue.push(r);
      }
    }
    return [];
  }
  // Prune to paths that can reach `to`, then enumerate; references form a DAG, so this ends.
  const reaches = new Map<string, boolean>();
  const canReach = (p: string): boolean => {
    const known = reaches.get(p);
    if (known !== undefined) return known;
    reaches.set(p, false);
    const yes = p === to || refs(p).some(canReach);
    reaches.set(p, yes);
    return yes;
  };
  const chains: string[][] = [];
  const walk = (p: string, chain: string[]) => {
    if (chains.length >= MAX_CHAINS) return;
    if (p === to) return void chains.push(chain);
    for (const r of refs(p)) if (canReach(r) && !chain.includes(r)) walk(r, [...chain, r]);
  };
  if (canReach(from)) walk(from, [from]);
  return chains;
}

/** The files (relative to `path`; "" for the path itself) whose contents or link targets mention `dependency`'s hash. */
export function filesMentioning(store: Store, path: string, dependency: string): string[] {
  const hash = Buffer.from(parseStorePath(store.storeDir, dependency).hash);
  const out: string[] = [];
  const visit = (p: string, rel: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) {
      if (Buffer.from(readlinkSync(p)).includes(hash)) out.push(rel);
    } else if (st.isFile()) {
      if (readFileSync(p).includes(hash)) out.push(rel);
    } else if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name), rel ? `${rel}/${name}` : name);
    }
  };
  visit(path, "");
  return out;
}
