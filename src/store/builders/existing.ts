import type { Builder } from "../builder.ts";
import { PathNotValidError } from "../errors.ts";

/**
 * Stands for a path that was already in the store when a text mentioned it. It cannot be built
 * again; reaching its builder means the path was collected or removed since.
 */
export const existingBuilder: Builder = {
  kind: "existing",
  version: 1,
  async build(ctx) {
    throw new PathNotValidError(ctx.drv.outPath);
  },
};
