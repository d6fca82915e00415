import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { emptyTree, type MergeOptions, mergeEntry, type TreeNode } from "./symlink-tree.ts";

/**
 * Top-level directories of a Debian package that belong in the merged /usr. Debian 12's packages
 * still ship files under /bin, /sbin and /lib; on a merged-usr system those are the same
 * directories as /usr/bin, /usr/sbin and /usr/lib, so both land in one `sw/bin`, `sw/lib`, ...
 * Everything else (etc, var, boot, the control data) is not part of /usr.
 */
const usrMergedRoots = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

/** The relative directories of one package that feed each `sw/` directory, in merge order. */
export function usrSources(packageRoot: string): { from: string; to: string }[] {
  const sources: { from: string; to: string }[] = [];
  const usr = join(packageRoot, "usr");
  if (existsSync(usr) && lstatSync(usr).isDirectory()) {
    for (const name of readdirSync(usr).sort()) sources.push({ from: join(usr, name), to: name });
  }
  for (const name of usrMergedRoots) {
    const path = join(packageRoot, name);
    if (existsSync(path) && lstatSync(path).isDirectory()) sources.push({ from: path, to: name });
  }
  return sources;
}

export interface PackageRoot {
  /** Shown in collision errors, e.g. `coreutils 9.1-1`. */
  label: string;
  path: string;
}

/** Builds the merged tree of every package's /usr-bound directories. */
export function mergeUsrTrees(packages: PackageRoot[], options: MergeOptions): TreeNode & { kind: "dir" } {
  const root = emptyTree();
  for (const pkg of packages) {
    for (const { from, to } of usrSources(pkg.path)) mergeEntry(root, to, from, pkg.label, to, options);
  }
  return root;
}

/** Writes a merged tree as real directories and symlinks under `out` (which must not exist). */
export function writeTree(out: string, node: TreeNode & { kind: "dir" }): number {
  mkdirSync(out, { recursive: true });
  let links = 0;
  for (const name of [...node.children.keys()].sort()) {
    const child = node.children.get(name)!;
    const path = join(out, name);
    if (child.kind === "link") {
      symlinkSync(child.source, path);
      links++;
    } else {
      links += writeTree(path, child);
    }
  }
  return links;
}
