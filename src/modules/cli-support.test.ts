import assert from "node:assert/strict";
import { test } from "node:test";
import { plainValue } from "./cli-support.ts";
import { evalModules } from "./eval-modules.ts";
import { mkOption } from "./options.ts";
import { types } from "./types/index.ts";

// Removed options' stubs are covered through the CLI (src/cli/commands/eval.test.ts).
test("a printed subtree leaves out options with no value, but not an error about another option", () => {
  const { config } = evalModules({
    modules: [{ options: { unset: mkOption({ type: types.str }), set: mkOption({ type: types.str, default: "x" }) } }],
  });
  assert.deepEqual(plainValue(config), { set: "x" });
  const broken = evalModules({
    modules: [
      {
        options: { unset: mkOption({ type: types.str }), derived: mkOption({ type: types.str }) },
        config: ({ config: c }: { config: { unset: string } }) => ({ derived: `from ${c.unset}` }),
      },
    ],
  });
  assert.throws(() => plainValue(broken.config), /`unset' was accessed but has no value defined/);
});
