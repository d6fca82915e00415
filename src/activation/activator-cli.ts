/**
 * The activator's command line, shared by both ways the bundle starts (activate-main.ts): as a
 * plain script, and from the V8 startup snapshot built of it (activator-snapshot.ts in src/system).
 *
 *   activate [--root DIR] [--action boot|switch|dry-activate] <toplevel>
 *   bin/switch-to-configuration switch|test|boot|dry-activate [--json] [--root DIR]
 *     (the script passes `--switch-to-configuration` and the toplevel first)
 */
import { parseArgs } from "node:util";
import { isKeelError } from "../errors.ts";
import { type ActivationAction, type ActivationStep, activateSystem } from "./activate-system.ts";
import { SWITCH_ACTIONS, type SwitchAction } from "./switch/switch-plan.ts";

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
  const onStep = (step: ActivationStep) => {
    for (const message of step.messages) process.stderr.write(`${message}\n`);
    if (step.ok) return;
    if (!step.reported) process.stderr.write(`Activation script snippet '${step.name}' failed\n`);
    status = 1;
  };
  activateSystem({ root: values.root ?? "/", toplevel, action, onStep });
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
    // Loaded only here: the switch brings D-Bus, sockets and child processes, which boot
    // activation (every boot, before systemd) must not pay for (lazy-builtins.ts says why).
    const { switchToConfiguration } = await import("./switch/switch-to-configuration.ts");
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

/** `activate --check-switch-inhibitors <incoming> <action>`: the built-in pre-switch check (system.preSwitchChecks.switchInhibitors). */
async function checkInhibitorsMain(args: string[]): Promise<number> {
  const { checkSwitchInhibitors } = await import("./checks/switch-inhibitors.ts");
  const [incoming, action] = args;
  if (!incoming || !action) {
    process.stderr.write("usage: activate --check-switch-inhibitors <incoming toplevel> <action>\n");
    return 1;
  }
  const result = checkSwitchInhibitors({ incoming, action });
  for (const line of result.lines) process.stderr.write(`${line}\n`);
  return result.ok ? 0 : 1;
}

/** Runs one activator command; its exit code lands in process.exitCode (now, or when its work settles). */
export function runActivator(argv: string[]): void {
  const settle = (run: Promise<number>) =>
    run.then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 70;
      },
    );
  if (argv[0] === "--user-switch") {
    // Run by switch-to-configuration as each logged-in user (user-managers/reload-user-managers.ts).
    settle(import("./user-managers/user-switch.ts").then((m) => m.userSwitchMain()));
  } else if (argv[0] === "--check-switch-inhibitors") {
    settle(checkInhibitorsMain(argv.slice(1)));
  } else if (argv[0] === "--switch-to-configuration") {
    settle(switchMain(argv.slice(1)));
  } else {
    process.exitCode = activateMain(argv);
  }
}
