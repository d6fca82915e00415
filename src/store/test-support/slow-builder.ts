import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Builder } from "../builder.ts";
import type { Derivation } from "../derivation.ts";
import type { Store } from "../store.ts";

/**
 * A builder for crash and concurrency tests. It writes `files` files of 64 KiB, one every
 * `delayMs` when $KEEL_TEST_SLOW is set, touches `<marker>` once it has started and appends a
 * line to `<counter>` for every build it actually runs. The variable is not part of the
 * derivation, so slow and fast runs build the same path.
 */
export const slowBuilder: Builder = {
  kind: "test-slow",
  version: 1,
  async build(ctx) {
    const { files, marker, counter } = ctx.drv.args as { files: number; marker: string; counter: string };
    appendFileSync(counter, `${process.pid}\n`);
    mkdirSync(ctx.out);
    const delay = Number(process.env.KEEL_TEST_SLOW ?? 0);
    for (let i = 0; i < files; i++) {
      writeFileSync(join(ctx.out, `part-${i}`), Buffer.alloc(65536, i % 251));
      if (i === 0) writeFileSync(marker, "started");
      if (delay) await new Promise((r) => setTimeout(r, delay));
    }
  },
};

export function slowDerivation(store: Store, dir: string, files = 20): Derivation {
  return store.derivation({
    kind: "test-slow",
    name: "slow-output",
    args: { files, marker: join(dir, "started"), counter: join(dir, "builds") },
  });
}
