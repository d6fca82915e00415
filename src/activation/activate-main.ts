/**
 * The activator's entry, bundled into every toplevel (`<toplevel>/activate` runs it with the
 * generation's own Node.js), so a generation is always activated by the code that built it.
 *
 *   activate [--root DIR] [--action boot|switch|dry-activate] <toplevel>
 */
import { parseArgs } from "node:util";
import { type ActivationAction, activateSystem } from "./activate-system.ts";

function main(): number {
  const { values, positionals } = parseArgs({
    options: { root: { type: "string", default: "/" }, action: { type: "string", default: "switch" } },
    allowPositionals: true,
  });
  const toplevel = positionals[0];
  if (!toplevel) {
    process.stderr.write("usage: activate [--root DIR] [--action boot|switch|dry-activate] <toplevel>\n");
    return 1;
  }
  const action = values.action as ActivationAction;
  let status = 0;
  for (const step of activateSystem({ root: values.root ?? "/", toplevel, action })) {
    for (const message of step.messages) process.stderr.write(`${message}\n`);
    if (!step.ok) {
      process.stderr.write(`Activation script snippet '${step.name}' failed\n`);
      status = 1;
    }
  }
  return status;
}

process.exitCode = main();
