/**
 * The activator's entry, bundled into every toplevel, so a generation is always activated by the
 * code that built it. Run with the generation's own Node.js by two scripts of the toplevel:
 *
 *   activate [--root DIR] [--action boot|switch|dry-activate] <toplevel>
 *   bin/switch-to-configuration switch|test|boot|dry-activate [--json] [--root DIR]
 *     (the script passes `--switch-to-configuration` and the toplevel first)
 */
import { parseArgs } from "node:util";
import { isKeelError } from "../errors.ts";
import { type ActivationAction, activateSystem } from "./activate-system.ts";
import { SWITCH_ACTIONS, type SwitchAction } from "./switch/switch-plan.ts";
import { switchToConfiguration } from "./switch/switch-to-configuration.ts";

function activateMain(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
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

async function switchMain(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { root: { type: "string", default: "/" }, json: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const [toplevel, action] = positionals;
  if (!toplevel || !action || !SWITCH_ACTIONS.includes(action as SwitchAction)) {
    process.stderr.write(`usage: switch-to-configuration ${SWITCH_ACTIONS.join("|")} [--json]\n`);
    return 1;
  }
  process.env.KEEL_ACTION = action;
  try {
    const started = performance.now();
    const result = await switchToConfiguration({ action: action as SwitchAction, toplevel, root: values.root, json: values.json });
    // For benches and debugging: what the switch cost, on one parsable line.
    if (process.env.KEEL_SWITCH_STATS === "1") {
      process.stderr.write(`keel-switch-stats ${JSON.stringify({ roundTrips: result.roundTrips, ms: Math.round(performance.now() - started) })}\n`);
    }
    return result.exitCode;
  } catch (error) {
    if (isKeelError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}

const argv = process.argv.slice(2);
if (argv[0] === "--switch-to-configuration") {
  switchMain(argv.slice(1)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 70;
    },
  );
} else {
  process.exitCode = activateMain(argv);
}
