import type { Builder } from "../builder.ts";

export interface FetchUrlArgs {
  readonly urls: readonly string[];
}

/** A fixed-output download through the store's fetcher (the default, or the one src/packages sets). */
export const fetchUrlBuilder: Builder = {
  kind: "fetchurl",
  version: 1,
  async build(ctx) {
    const { urls } = ctx.drv.args as FetchUrlArgs;
    await ctx.store.fetcher(urls, ctx.out, ctx.drv.fixedOutputSha256!, { drv: ctx.drv, log: (m) => ctx.log(m) });
  },
};
