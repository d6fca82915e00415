import type { ActivationAction, ActivationStep } from "../activate-system.ts";
import type { ActivationStepSpec } from "../activation-spec.ts";
import { loadChildProcess } from "../lazy-builtins.ts";
import { planActivationSteps } from "./builtin-snippets.ts";

type SnippetStepSpec = Extract<ActivationStepSpec, { kind: "snippets" }>;

/** The steps of a spec, or the built-in order for a spec written before snippets existed. */
export function activationSteps(steps: ActivationStepSpec[] | undefined): ActivationStepSpec[] {
  if (steps) return steps;
  return planActivationSteps({}).flatMap((s) => (s.kind === "builtin" ? [{ kind: "builtin" as const, name: s.name }] : []));
}

/**
 * The action snippets see in KEEL_ACTION (and NIXOS_ACTION, for snippets written for NixOS):
 * `switch`/`test` (from the switch program), `dry-activate`, or `boot` for stage 2 — where
 * NIXOS_ACTION stays unset, as NixOS leaves it at boot.
 */
function actionName(action: ActivationAction): string {
  if (action !== "switch") return action;
  return process.env.KEEL_ACTION === "test" ? "test" : "switch";
}

/** Runs one group of user snippets (its dry variant for dry-activate); their output goes to stderr. */
export function runSnippetStep(step: SnippetStepSpec, opts: { root: string; toplevel: string; action: ActivationAction }): ActivationStep {
  const name = step.names.join(", ");
  if (opts.root !== "/") {
    // A tree mounted elsewhere is not the running system the snippets were written for.
    return { name, ok: true, messages: [`not running activation snippets ${name}: they act on the running system, not on ${opts.root}`] };
  }
  const script = opts.action === "dry-activate" ? step.dryScript : step.script;
  if (script === null) return { name, ok: true, messages: [] };
  const env: NodeJS.ProcessEnv = { ...process.env, KEEL_ACTION: actionName(opts.action) };
  if (opts.action === "boot") delete env.NIXOS_ACTION;
  else env.NIXOS_ACTION = env.KEEL_ACTION;
  const result = loadChildProcess().spawnSync(script, [opts.toplevel], { stdio: ["inherit", 2, 2], env });
  if (result.error) return { name, ok: false, messages: [`cannot run the activation snippets ${name} (${script}): ${result.error.message}`] };
  if (result.status === null) return { name, ok: false, messages: [`the activation snippets ${name} were killed by ${result.signal}`] };
  // The script has named each failed snippet itself.
  return { name, ok: result.status === 0, messages: [], reported: true };
}
