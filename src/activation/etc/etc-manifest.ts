import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * What /etc activation needs to know about each entry of a generation's etc tree, recorded once
 * when the tree is built (`<etc derivation>/etc-manifest.json`, beside `etc/`). At boot the
 * tree is in the store, which a VM reaches over 9p: walking it there (a readdir and an lstat per
 * entry, a failed lookup per missing `.mode` sidecar) was about a second of every TCG boot.
 * Reading one file gives the same answers. Trees built before the manifest are walked.
 */
export type EtcManifestEntry =
  /** A link into the store: /etc/<path> → /etc/static/<path>. */
  | { path: string; kind: "link" }
  /** `mode: "direct-symlink"`: /etc/<path> links straight to the entry's target. */
  | { path: string; kind: "direct"; target: string }
  /** A real file copied with an owner and mode (user and group are names or `+<id>`). */
  | { path: string; kind: "copy"; mode: string; user: string; group: string };

export interface EtcManifest {
  version: 1;
  entries: EtcManifestEntry[];
}

export const ETC_MANIFEST = "etc-manifest.json";
const SIDECARS = [".mode", ".uid", ".gid"];

function walk(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const relPath = rel ? `${rel}/${name}` : name;
    if (lstatSync(join(dir, name)).isDirectory()) out.push(...walk(join(dir, name), relPath));
    else out.push(relPath);
  }
  return out;
}

/** The entries of an etc tree, read from the tree itself (how the manifest is made, and the fallback). */
export function scanEtcTree(etcTree: string): EtcManifestEntry[] {
  const entries: EtcManifestEntry[] = [];
  for (const path of walk(etcTree)) {
    if (SIDECARS.some((s) => path.endsWith(s))) continue;
    const source = join(etcTree, path);
    const modeFile = `${source}.mode`;
    if (existsSync(modeFile)) {
      const mode = readFileSync(modeFile, "utf8").trim();
      if (mode === "direct-symlink") entries.push({ path, kind: "direct", target: readlinkSync(source) });
      else {
        const user = readFileSync(`${source}.uid`, "utf8").trim();
        const group = readFileSync(`${source}.gid`, "utf8").trim();
        entries.push({ path, kind: "copy", mode, user, group });
      }
    } else if (lstatSync(source).isSymbolicLink()) {
      entries.push({ path, kind: "link" });
    }
    // A plain file without a mode is not an entry (the tree's entries are links or moded copies).
  }
  return entries;
}

/** The entries of the etc tree `etcTree` (`<etc derivation>/etc`): its manifest, else a walk. */
export function readEtcEntries(etcTree: string): EtcManifestEntry[] {
  const manifest = join(dirname(etcTree), ETC_MANIFEST);
  if (!existsSync(manifest)) return scanEtcTree(etcTree);
  const parsed = JSON.parse(readFileSync(manifest, "utf8")) as EtcManifest;
  return parsed.version === 1 ? parsed.entries : scanEtcTree(etcTree);
}
