import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Builder } from "../../store/builder.ts";
import type { Derivation } from "../../store/derivation.ts";
import type { Store } from "../../store/store.ts";

/**
 * Stands for the toplevel's own store path inside its files (`init`, `activate`, `boot.json`
 * name the toplevel they belong to). A path cannot be part of the recipe it is the hash of, so
 * the builder substitutes it, as Nix does with `@out@`.
 */
export const SELF = "@keel-toplevel@";

export type ToplevelEntry = { text: string; executable?: boolean } | { symlink: string };

export const toplevelBuilder: Builder = {
  kind: "toplevel",
  version: 1,
  async build(ctx) {
    const { entries } = ctx.drv.args as { entries: Record<string, ToplevelEntry> };
    mkdirSync(ctx.out);
    for (const name of Object.keys(entries).sort()) {
      const entry = entries[name]!;
      const dest = join(ctx.out, name);
      mkdirSync(dirname(dest), { recursive: true });
      if ("text" in entry) {
        writeFileSync(dest, entry.text.replaceAll(SELF, ctx.drv.outPath), { mode: entry.executable ? 0o755 : 0o644 });
      } else {
        symlinkSync(entry.symlink.replaceAll(SELF, ctx.drv.outPath), dest);
      }
    }
  },
};

export function toplevelDerivation(store: Store, name: string, entries: Record<string, ToplevelEntry>): Derivation {
  return store.derivation({ kind: toplevelBuilder.kind, name, args: { entries } });
}
