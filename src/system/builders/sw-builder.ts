import type { Builder } from "../../store/builder.ts";
import type { Derivation } from "../../store/derivation.ts";
import type { Store } from "../../store/store.ts";
import { mergeUsrTrees, type PackageRoot, writeTree } from "../sw/merged-usr-env.ts";

interface SwArgs {
  packages: { label: string; path: string }[];
  ignoreCollisions: boolean;
}

/** `sw/`: the merged /usr of a generation, a symlink farm over its packages (see merged-usr-env.ts). */
export const swBuilder: Builder = {
  kind: "merged-usr-env",
  version: 1,
  async build(ctx) {
    const args = ctx.drv.args as SwArgs;
    const roots: PackageRoot[] = args.packages.map((p) => ({ label: p.label, path: p.path }));
    const links = writeTree(ctx.out, mergeUsrTrees(roots, { ignoreCollisions: args.ignoreCollisions }));
    ctx.log(`linked ${links} entries from ${roots.length} packages`);
  },
};

export function mergedUsrEnv(store: Store, name: string, packages: { label: string; drv: Derivation }[], ignoreCollisions = false): Derivation {
  return store.derivation({
    kind: swBuilder.kind,
    name,
    inputs: packages.map((p) => p.drv),
    args: { packages: packages.map((p) => ({ label: p.label, path: p.drv.outPath })), ignoreCollisions },
  });
}
