import { mkdirSync, realpathSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { KeelError } from "../../errors.ts";
import { activateSystem } from "../activate-system.ts";
import { runPreSwitchChecks } from "../checks/pre-switch-checks.ts";
import { loadChildProcess } from "../lazy-builtins.ts";
import { SystemdBus } from "../systemd/systemd-bus.ts";
import { type ApplyReport, applySwitch } from "./apply-switch.ts";
import { planSwitch } from "./plan-switch.ts";
import { renderDryRunParts } from "./render-plan.ts";
import { acquireSwitchLock } from "./switch-lock.ts";
import type { SwitchAction, SwitchPlan } from "./switch-plan.ts";
import { readWorkLists, WORK_DIR } from "./work-lists.ts";

export class NotRootError extends KeelError {
  readonly code = "not-root";
  constructor() {
    super("switch-to-configuration must be run as the root user (it changes /etc, accounts and running services).");
  }
}

export class NotKeelMachineError extends KeelError {
  readonly code = "not-keel";
  constructor(root: string) {
    super(
      `This is not a Keel machine (${join(root, "etc/KEEL")} is missing): a live switch would replace its /etc, accounts and services. ` +
        "Boot a Keel generation first (its activation creates the marker), or use `boot` to prepare a tree.",
    );
  }
}

/** Refuses a root without the marker Keel's /etc activation writes. */
export function assertKeelMachine(root: string): void {
  if (!statSync(join(root, "etc/KEEL"), { throwIfNoEntry: false })?.isFile()) throw new NotKeelMachineError(root);
}

export interface SwitchOptions {
  action: SwitchAction;
  toplevel: string;
  root?: string;
  /** Print the plan as JSON (dry-activate) instead of lines. */
  json?: boolean;
  log?: (line: string) => void;
  out?: (text: string) => void;
}

export interface SwitchResult {
  exitCode: number;
  plan: SwitchPlan;
  applied?: ApplyReport;
  roundTrips: number;
}

/**
 * Reference §3.3 step 8: the generation about to be booted must be on disk before a power cut,
 * not in the page cache. `sync -f` is syncfs(2) on the store's filesystem (Node has no binding).
 */
function syncStore(toplevel: string, log: (line: string) => void): void {
  if (process.env.KEEL_NO_SYNC === "1") return;
  const r = loadChildProcess().spawnSync("sync", ["-f", dirname(toplevel)], { encoding: "utf8" });
  if (r.status !== 0) log(`warning: could not sync the store's file system: ${(r.stderr ?? r.error?.message ?? "").trim()}`);
}

/**
 * `<toplevel>/bin/switch-to-configuration <action>` (reference §3.3): lock, plan, then apply.
 * `boot` only checks (the caller installs the boot loader and moves the profile); `dry-activate`
 * prints the plan; `switch` and `test` apply it to the running system.
 */
export async function switchToConfiguration(opts: SwitchOptions): Promise<SwitchResult> {
  const root = opts.root ?? "/";
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const out = opts.out ?? ((text: string) => process.stdout.write(text));
  if (process.getuid?.() !== 0) throw new NotRootError();
  const toplevel = realpathSync(opts.toplevel);
  // reference §3.3 step 1: never take over a system that is not one of ours.
  if (opts.action !== "boot") assertKeelMachine(root);
  mkdirSync(join(root, WORK_DIR), { recursive: true, mode: 0o755 });
  const release = acquireSwitchLock(root);
  let bus: SystemdBus | undefined;
  try {
    // reference §3.3 step 5: the incoming generation's own checks, before anything changes.
    runPreSwitchChecks(toplevel, opts.action, root);
    if (opts.action === "check") {
      return { exitCode: 0, plan: planSwitch({ action: opts.action, root, toplevel, activeUnits: [], resumed: readWorkLists(root) }), roundTrips: 0 };
    }
    const live = opts.action === "switch" || opts.action === "test" || opts.action === "dry-activate";
    bus = live ? await SystemdBus.connect() : undefined;
    const activeBefore = bus ? await bus.listUnits() : [];
    const plan = planSwitch({ action: opts.action, root, toplevel, activeUnits: activeBefore, resumed: readWorkLists(root) });
    const roundTrips = () => bus?.roundTrips ?? 0;
    if (opts.action === "switch" || opts.action === "boot") syncStore(toplevel, log);
    if (opts.action === "boot") return { exitCode: 0, plan, roundTrips: roundTrips() };
    if (opts.action === "dry-activate") {
      const { beforeActivation, afterActivation } = renderDryRunParts(plan);
      if (!opts.json) for (const line of beforeActivation) log(line);
      // Snippets that support dry activation report what they would do (reference §2).
      let status = 0;
      activateSystem({ root, toplevel, action: "dry-activate", snippetsOnly: true, onStep: (step) => {
        for (const m of step.messages) log(m);
        if (!step.ok) status = 2;
      } });
      if (opts.json) out(`${JSON.stringify(plan, null, 2)}\n`);
      else for (const line of afterActivation) log(line);
      return { exitCode: status, plan, roundTrips: roundTrips() };
    }
    if (plan.initInterfaceChanged) {
      log("Warning: the new generation's init is incompatible with the running one; reboot to use it.");
      return { exitCode: 100, plan, roundTrips: roundTrips() };
    }
    // Restarting the terminal or SSH session that runs us must not kill the switch through SIGPIPE.
    process.on("SIGPIPE", () => undefined);
    const applied = await applySwitch(plan, bus!, {
      root,
      log,
      activeBefore,
      activate: (onStep) => activateSystem({ root, toplevel, action: "switch", onStep }),
    });
    let exitCode = applied.exitCode;
    if (exitCode === 0 && plan.reboot.required) {
      log(`the new kernel, initrd or kernel parameters take effect after a reboot: ${plan.reboot.reasons.join("; ")}`);
      exitCode = 100;
    }
    return { exitCode, plan, applied, roundTrips: roundTrips() };
  } finally {
    bus?.disconnect();
    release();
  }
}
