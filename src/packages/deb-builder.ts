import type { Builder } from "../store/index.ts";
import { UnpackError } from "./errors.ts";
import { unpackDeb } from "./unpack.ts";

export const DEB_UNPACK_KIND = "deb-unpack";

/**
 * Builds a package's store path from its fetched .deb (the derivation's only input). Version 1:
 * data tree as shipped, control members under `.keel-deb/`.
 */
export const debUnpackBuilder: Builder = {
  kind: DEB_UNPACK_KIND,
  version: 1,
  async build(ctx) {
    const deb = ctx.drv.inputs[0];
    if (deb === undefined) throw new UnpackError(ctx.drv.name, "the derivation has no .deb input");
    ctx.log(`unpacking ${ctx.drv.name}`);
    await unpackDeb(ctx.inputPath(deb), ctx.out);
  },
};
