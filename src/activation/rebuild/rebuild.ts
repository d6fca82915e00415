import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { installBootLoader, loaderOptionsFromConfig } from "../../bootloader/index.ts";
import { KeelError, UsageError } from "../../errors.ts";
import type { RealiseEvent } from "../../store/index.ts";
import { resolveStateDir, resolveStoreDir } from "../../store/index.ts";
import { buildHost } from "../../system/build-host.ts";
import type { HostContext } from "../../system/host-context.ts";
import { addGeneration, previousGeneration, rollbackGeneration, switchGeneration, systemProfilePath } from "../profiles/system-profile.ts";
import type { SwitchAction } from "../switch/switch-plan.ts";
import { PreSwitchCheckFailedError, preSwitchChecksDisabled } from "../checks/pre-switch-checks.ts";
import { assertKeelMachine } from "../switch/switch-to-configuration.ts";
import { NoSwitchProgramError, switchCommandLine, systemdIsRunning } from "./switch-command.ts";

export { NoSwitchProgramError };

export class SpecialisationNotFoundError extends KeelError {
  readonly code = "specialisation-not-found";
  constructor(toplevel: string, name: string) {
    super(`${toplevel} has no specialisation "${name}" (look in ${toplevel}/specialisation/).`);
  }
}

export interface RebuildOptions {
  action: SwitchAction;
  /** The host to build; not needed with `rollback`. */
  host?: string;
  repoDir: string;
  storeDir?: string;
  stateDir?: string;
  mirror?: string;
  cacheDir?: string;
  rollback?: boolean;
  specialisation?: string;
  /** A machine tree mounted elsewhere (boot only: a live switch talks to this machine's systemd). */
  root?: string;
  json?: boolean;
  jobs?: number;
  onEvent?: (event: RealiseEvent) => void;
  progress?: boolean;
  log?: (line: string) => void;
}

export interface RebuildResult {
  exitCode: number;
  toplevel: string;
  generation?: number;
}

/**
 * `rebuild switch|test|boot|dry-activate` (reference §11): build (or pick the rollback
 * generation), record a generation for switch/boot, install the boot loader when the host uses
 * systemd-boot, then run the *new* toplevel's own bin/switch-to-configuration.
 */
export async function rebuild(opts: RebuildOptions): Promise<RebuildResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = opts.root ?? "/";
  if (root !== "/" && opts.action !== "boot") {
    throw new UsageError(`--root applies to boot only: ${opts.action} acts on the running system's systemd. Use rebuild boot --root ${root}.`);
  }
  if (opts.specialisation && opts.action === "boot") throw new UsageError("--specialisation works with switch, test and dry-activate: boot entries already include every specialisation.");
  // Before building: on a machine that is not Keel's, a live switch is refused whatever the host.
  if (opts.action !== "boot") assertKeelMachine(root);
  const stateDir = join(root, resolveStateDir(opts.stateDir));
  const profile = systemProfilePath(stateDir);
  const recordsGeneration = opts.action === "switch" || opts.action === "boot";

  let toplevel: string;
  let generation: number | undefined;
  let context: HostContext | undefined;
  if (opts.rollback) {
    const gen = recordsGeneration ? rollbackGeneration(profile) : previousGeneration(profile);
    if (!gen.toplevel) throw new UsageError(`${gen.link} points at a path that no longer exists.`);
    toplevel = gen.toplevel;
    generation = gen.number;
    log(`rolling back to generation ${gen.number} (${toplevel})`);
  } else {
    if (!opts.host) throw new UsageError(`Name the host to ${opts.action}: --host NAME (or use --rollback).`);
    log("building the system configuration...");
    const built = await buildHost({
      repoDir: opts.repoDir,
      host: opts.host,
      storeDir: opts.storeDir,
      stateDir: opts.stateDir,
      mirror: opts.mirror,
      cacheDir: opts.cacheDir,
      outLink: null,
      jobs: opts.jobs,
      onEvent: opts.onEvent,
      progress: opts.progress,
    });
    for (const w of built.warnings) log(`evaluation warning: ${w}`);
    toplevel = built.toplevel;
    context = built.context;
    if (recordsGeneration) {
      // Pre-switch checks before the profile or the boot loader change (reference §3.13).
      if (root === "/" && !preSwitchChecksDisabled()) runChecks(toplevel, opts.action);
      generation = addGeneration(profile, toplevel).number;
    }
  }

  if (recordsGeneration && context) installBootLoaderHook(context, { root, stateDir, storeDir: resolveStoreDir(opts.storeDir), log });

  let target = toplevel;
  if (opts.specialisation) {
    target = join(toplevel, "specialisation", opts.specialisation);
    if (!existsSync(target)) throw new SpecialisationNotFoundError(toplevel, opts.specialisation);
  }
  const args = [opts.action, ...(opts.json ? ["--json"] : []), ...(root !== "/" ? ["--root", root] : [])];
  // The checks ran above for switch and boot; once is enough.
  const noCheck = recordsGeneration && !opts.rollback && root === "/" ? { KEEL_NO_CHECK: "1" } : {};
  const result = spawnSync(...switchCommandLine(target, root, args, { systemdRunning: systemdIsRunning(root) }), {
    stdio: "inherit",
    env: { ...process.env, KEEL_ACTION: opts.action, ...noCheck },
  });
  const exitCode = result.status ?? 1;
  if (opts.action !== "dry-activate" && (exitCode === 0 || exitCode === 100)) log(`Done. The new configuration is ${target}`);
  return { exitCode, toplevel: target, ...(generation !== undefined ? { generation } : {}) };
}

/** `switch-to-configuration check`: the generation's pre-switch checks alone; a failure stops the rebuild. */
function runChecks(toplevel: string, action: string): void {
  const [program, args] = switchCommandLine(toplevel, "/", ["check"], { systemdRunning: false });
  const result = spawnSync(program, args, { stdio: "inherit", env: { ...process.env, KEEL_ACTION: action } });
  if (result.status !== 0) throw new PreSwitchCheckFailedError(toplevel);
}

/**
 * The boot loader step of switch and boot (reference §3.3 step 7): entries for every generation
 * of the profile, when the host's boot.loader.systemd-boot.enable is set.
 */
function installBootLoaderHook(context: HostContext, opts: { root: string; stateDir: string; storeDir: string; log: (line: string) => void }): void {
  const loader = context.evaluated.config.boot.loader;
  if (!loader["systemd-boot"].enable) return;
  const esp = join(opts.root, loader.efi.efiSysMountPoint);
  // Entries name the machine they belong to: the tree's own machine-id, not this host's.
  const machineId = opts.root === "/" ? {} : { machineId: readMachineId(opts.root) };
  const report = installBootLoader({
    esp,
    stateDir: opts.stateDir,
    storeDir: opts.storeDir,
    options: loaderOptionsFromConfig(loader),
    install: process.env.KEEL_INSTALL_BOOTLOADER === "1",
    ...machineId,
  });
  opts.log(`boot loader: ${report.entries.length} entries; default ${report.defaultPattern}`);
  for (const w of report.warnings) opts.log(`warning: ${w}`);
}

/**
 * `rebuild switch-generation N`: makes generation N the profile's current one and activates it
 * with its own switch-to-configuration (`boot` under --root, where there is no live system).
 */
export function switchToGeneration(opts: { number: number; stateDir?: string; root?: string; log?: (line: string) => void }): RebuildResult {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = opts.root ?? "/";
  const gen = switchGeneration(systemProfilePath(join(root, resolveStateDir(opts.stateDir))), opts.number);
  const toplevel = gen.toplevel!;
  log(`switching to generation ${gen.number} (${toplevel})`);
  const action = root === "/" ? "switch" : "boot";
  const result = spawnSync(...switchCommandLine(toplevel, root, [action, ...(root !== "/" ? ["--root", root] : [])], { systemdRunning: systemdIsRunning(root) }), { stdio: "inherit" });
  return { exitCode: result.status ?? 1, toplevel, generation: gen.number };
}

function readMachineId(root: string): string | null {
  try {
    const id = readFileSync(join(root, "etc/machine-id"), "utf8").trim();
    return /^[0-9a-f]{32}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}
