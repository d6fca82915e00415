import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { loadCrypto } from "../lazy-builtins.ts";
import type { EtcChanges } from "./switch-plan.ts";

/**
 * The leaves of a generation's etc tree: relative path → what it is (a link's target, or a file's
 * content hash). Linked directories (systemd/system) are one leaf: their target names their content.
 */
function etcLeaves(dir: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!dir) return out;
  const walk = (rel: string) => {
    let names: string[];
    try {
      names = readdirSync(join(dir, rel));
    } catch {
      return;
    }
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, r));
      if (st.isSymbolicLink()) out.set(r, `-> ${readlinkSync(join(dir, r))}`);
      else if (st.isDirectory()) walk(r);
      else out.set(r, loadCrypto().createHash("sha256").update(readFileSync(join(dir, r))).digest("hex"));
    }
  };
  walk("");
  return out;
}

/** What the /etc step will add, change and remove (compared tree to tree, not against user files). */
export function diffEtc(oldTree: string | undefined, newTree: string): EtcChanges {
  const old = etcLeaves(oldTree);
  const next = etcLeaves(newTree);
  const changes: EtcChanges = { added: [], changed: [], removed: [] };
  for (const [path, what] of next) {
    const before = old.get(path);
    if (before === undefined) changes.added.push(path);
    else if (before !== what) changes.changed.push(path);
  }
  for (const path of old.keys()) if (!next.has(path)) changes.removed.push(path);
  for (const list of Object.values(changes)) list.sort();
  return changes;
}
