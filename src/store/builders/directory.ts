import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import type { Builder } from "../builder.ts";
import { copyTree } from "../copy-tree.ts";
import { InvalidDirectoryEntryError } from "../errors.ts";

/** One entry of `directory()`, as stored in the derivation's arguments (sources are paths). */
export type DirectoryArgEntry =
  | { readonly text: string; readonly mode?: number }
  | { readonly symlink: string }
  | { readonly source: string; readonly mode?: number };

export interface DirectoryArgs {
  readonly entries: Record<string, DirectoryArgEntry>;
}

/** Rejects entry names that are absolute, empty or climb out with `..`: checked at construction. */
export function checkEntryName(dirName: string, entry: string): void {
  const n = normalize(entry);
  if (entry === "" || entry.startsWith("/") || n === "." || n === ".." || n.startsWith("../") || n !== entry.replace(/\/+$/, "")) {
    throw new InvalidDirectoryEntryError(dirName, entry, "must be a plain relative path such as 'etc/hosts' (no leading '/', '.' or '..')");
  }
}

/** A directory tree from a spec of files, symlinks and copies of store paths; `mode` sets the executable bit. */
export const directoryBuilder: Builder = {
  kind: "directory",
  version: 1,
  async build(ctx) {
    const { entries } = ctx.drv.args as DirectoryArgs;
    mkdirSync(ctx.out);
    // Sorted so "a" is created before "a/b" and the build does the same steps every time.
    for (const name of Object.keys(entries).sort()) {
      const entry = entries[name]!;
      const dest = join(ctx.out, name);
      if (existsSync(dest)) throw new InvalidDirectoryEntryError(ctx.drv.name, name, "is given twice (or inside a copied tree)");
      mkdirSync(dirname(dest), { recursive: true });
      if ("text" in entry) writeFileSync(dest, entry.text, { mode: (entry.mode ?? 0o644) & 0o111 ? 0o755 : 0o644 });
      else if ("symlink" in entry) symlinkSync(entry.symlink, dest);
      else copyTree(entry.source, dest, entry.mode);
    }
  },
};
