import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { Builder } from "../builder.ts";
import { BuildEnvCollisionError } from "../errors.ts";
import { compareBytes } from "../nar.ts";

export interface BuildEnvArgs {
  readonly paths: readonly string[];
  readonly pathsToLink: readonly string[];
  readonly ignoreCollisions: boolean;
  readonly extraPrefix: string;
}

type Node =
  | { readonly type: "tree"; readonly children: Map<string, Node>; readonly provider?: string }
  /** A link to a file or whole directory of one provider; a directory is unfolded when a second provider has it too. */
  | { readonly type: "link"; readonly src: string; readonly provider: string; readonly isDir: boolean }
  /** A symlink inside a package, reproduced with its own target (so unit aliases stay aliases). */
  | { readonly type: "symlink"; readonly target: string; readonly src: string; readonly provider: string };

/**
 * nixpkgs' `buildEnv`: a tree of symlinks merging several store paths. A directory only one path
 * has is linked whole; when another path has it too it becomes a real directory holding the
 * entries of both. Two different files at one place are a collision (identical contents are not,
 * as with nixpkgs' checkCollisionContents). Unlike nixpkgs, symlinks inside the packages are
 * recreated with their own targets rather than pointing at the package's link: systemd treats a
 * link to a link in another tree as a separate unit instead of an alias (see DESIGN.md, `sw/`).
 */
export const buildEnvBuilder: Builder = {
  kind: "build-env",
  version: 1,
  async build(ctx) {
    const args = ctx.drv.args as BuildEnvArgs;
    const merger = new Merger(ctx.drv.name, args.ignoreCollisions);
    const root: Node = { type: "tree", children: new Map() };
    for (const pkg of args.paths) {
      for (const t of args.pathsToLink) {
        const rel = t.replace(/^\/+|\/+$/g, "");
        const src = rel ? join(pkg, rel) : pkg;
        if (!exists(src)) continue;
        const where = [...splitPath(args.extraPrefix), ...splitPath(rel)];
        if (lstatSync(src).isDirectory()) merger.addChildren(merger.ensureTree(root, where, pkg), src, pkg, where.join("/"));
        else {
          const name = where.pop();
          if (name === undefined) throw new Error(`${pkg} is not a directory; buildEnv merges directories`);
          merger.add(merger.ensureTree(root, where, pkg), name, src, pkg, where.concat(name).join("/"));
        }
      }
    }
    write(root, ctx.out);
  },
};

class Merger {
  constructor(
    private readonly envName: string,
    private readonly ignoreCollisions: boolean,
  ) {}

  ensureTree(root: Node & { type: "tree" }, parts: string[], provider: string): Node & { type: "tree" } {
    let node = root;
    const done: string[] = [];
    for (const part of parts) {
      done.push(part);
      const child = node.children.get(part);
      if (child === undefined) {
        const tree: Node = { type: "tree", children: new Map(), provider };
        node.children.set(part, tree);
        node = tree;
      } else if (child.type === "tree") node = child;
      else if (child.type === "link" && child.isDir) node = this.unfold(node, part, child, done.join("/"));
      else {
        this.collide(done.join("/"), child.provider, provider);
        return { type: "tree", children: new Map() };
      }
    }
    return node;
  }

  addChildren(tree: Node & { type: "tree" }, dir: string, provider: string, rel: string): void {
    for (const name of readdirSync(dir).sort(compareBytes)) this.add(tree, name, join(dir, name), provider, rel ? `${rel}/${name}` : name);
  }

  add(tree: Node & { type: "tree" }, name: string, src: string, provider: string, rel: string): void {
    const st = lstatSync(src);
    const existing = tree.children.get(name);
    if (st.isSymbolicLink()) {
      const target = readlinkSync(src);
      if (existing === undefined) tree.children.set(name, { type: "symlink", target, src, provider });
      else if (!(existing.type === "symlink" && existing.target === target)) this.collide(rel, providerOf(existing), provider);
    } else if (st.isDirectory()) {
      if (existing === undefined) tree.children.set(name, { type: "link", src, provider, isDir: true });
      else if (existing.type === "tree") this.addChildren(existing, src, provider, rel);
      else if (existing.type === "link" && existing.isDir) this.addChildren(this.unfold(tree, name, existing, rel), src, provider, rel);
      else this.collide(rel, providerOf(existing), provider);
    } else {
      if (existing === undefined) tree.children.set(name, { type: "link", src, provider, isDir: false });
      else if (!(existing.type === "link" && !existing.isDir && sameContents(existing.src, src))) this.collide(rel, providerOf(existing), provider);
    }
  }

  private unfold(parent: Node & { type: "tree" }, name: string, link: Node & { type: "link" }, rel: string): Node & { type: "tree" } {
    const tree: Node & { type: "tree" } = { type: "tree", children: new Map(), provider: link.provider };
    parent.children.set(name, tree);
    this.addChildren(tree, link.src, link.provider, rel);
    return tree;
  }

  private collide(rel: string, first: string, second: string): void {
    if (!this.ignoreCollisions) throw new BuildEnvCollisionError(this.envName, rel, first, second);
  }
}

function providerOf(node: Node): string {
  return node.provider ?? "(a merged directory)";
}

function sameContents(a: string, b: string): boolean {
  const sa = lstatSync(a);
  const sb = lstatSync(b);
  if (sa.size !== sb.size || (sa.mode & 0o111) !== (sb.mode & 0o111)) return false;
  return readFileSync(a).equals(readFileSync(b));
}

function write(node: Node, dest: string): void {
  if (node.type === "tree") {
    mkdirSync(dest);
    for (const [name, child] of [...node.children].sort(([a], [b]) => compareBytes(a, b))) write(child, join(dest, name));
  } else if (node.type === "link") symlinkSync(node.src, dest);
  else symlinkSync(node.target, dest);
}

function splitPath(p: string): string[] {
  return p.split("/").filter((s) => s !== "" && s !== ".");
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
