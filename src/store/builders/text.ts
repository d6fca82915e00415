import { writeFile } from "node:fs/promises";
import type { Builder } from "../builder.ts";

export interface TextArgs {
  readonly text: string;
  readonly executable: boolean;
}

/** A single file with the given text; `writeText` and `writeScript`. */
export const textBuilder: Builder = {
  kind: "text",
  version: 1,
  async build(ctx) {
    const args = ctx.drv.args as TextArgs;
    await writeFile(ctx.out, args.text, { mode: args.executable ? 0o755 : 0o644 });
  },
};
