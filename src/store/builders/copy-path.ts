import type { Builder } from "../builder.ts";
import { copyTree } from "../copy-tree.ts";

/**
 * A copy of a local file or tree. The path is addressed by the tree's NAR hash, taken when the
 * derivation was made; realise re-checks it, so a source edited in between fails loudly instead
 * of landing under the wrong hash.
 */
export const copyPathBuilder: Builder = {
  kind: "copy",
  version: 1,
  async build(ctx) {
    copyTree(ctx.drv.local as string, ctx.out);
  },
};
