import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { KeelError } from "../../errors.ts";

/**
 * A tree of symlinks being merged from several packages, as nixpkgs' buildEnv does: a directory
 * provided by one package alone stays one link to that package's directory; it is split into a
 * real directory of links only when a second package adds to it. That keeps `sw/` small.
 */
export type TreeNode =
  | { kind: "link"; source: string; owner: string }
  | { kind: "dir"; children: Map<string, TreeNode> };

export class PathCollisionError extends KeelError {
  readonly code = "path-collision";
  constructor(
    readonly relativePath: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(
      `Two packages provide \`${relativePath}' with different contents:\n- ${first}\n- ${second}\n` +
        "Remove one of them from environment.systemPackages, or set ignoreCollisions to let the first one win.",
    );
  }
}

export function emptyTree(): TreeNode & { kind: "dir" } {
  return { kind: "dir", children: new Map() };
}

function isRealDirectory(path: string): boolean {
  return lstatSync(path).isDirectory();
}

function expand(node: TreeNode & { kind: "link" }): TreeNode & { kind: "dir" } {
  const children = new Map<string, TreeNode>();
  for (const name of readdirSync(node.source).sort()) {
    children.set(name, { kind: "link", source: join(node.source, name), owner: node.owner });
  }
  return { kind: "dir", children };
}

/** Two leaves are the same thing when they are links with one target or files with one content. */
function sameContent(a: string, b: string): boolean {
  const sa = lstatSync(a);
  const sb = lstatSync(b);
  if (sa.isSymbolicLink() && sb.isSymbolicLink()) return readlinkSync(a) === readlinkSync(b);
  if (sa.isFile() && sb.isFile()) return sa.size === sb.size && readFileSync(a).equals(readFileSync(b));
  return false;
}

export interface MergeOptions {
  ignoreCollisions: boolean;
}

/**
 * Merges the entries of `source` (a real directory inside a package) into `into`. Symlinks in a
 * package are leaves: they are linked to, never followed, so they keep their own targets.
 */
export function mergeDirectory(
  into: TreeNode & { kind: "dir" },
  source: string,
  owner: string,
  relativePath: string,
  options: MergeOptions,
): void {
  for (const name of readdirSync(source).sort()) {
    mergeEntry(into, name, join(source, name), owner, relativePath ? `${relativePath}/${name}` : name, options);
  }
}

/** Merges one package entry `path` into `into` under `name`. */
export function mergeEntry(
  into: TreeNode & { kind: "dir" },
  name: string,
  path: string,
  owner: string,
  rel: string,
  options: MergeOptions,
): void {
  const existing = into.children.get(name);
  if (!existing) {
    into.children.set(name, { kind: "link", source: path, owner });
    return;
  }
  const isDir = isRealDirectory(path);
  const existingIsDir = existing.kind === "dir" || isRealDirectory(existing.source);
  if (isDir && existingIsDir) {
    const dir = existing.kind === "dir" ? existing : expand(existing);
    into.children.set(name, dir);
    mergeDirectory(dir, path, owner, rel, options);
    return;
  }
  if (existing.kind === "link" && !isDir && !existingIsDir && sameContent(existing.source, path)) return;
  if (options.ignoreCollisions) return;
  const first = existing.kind === "link" ? `${existing.owner} (${existing.source})` : "a directory merged from several packages";
  throw new PathCollisionError(rel, first, `${owner} (${path})`);
}
