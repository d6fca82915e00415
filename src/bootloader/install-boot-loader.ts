import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type ApplyReport, applyBootPlan } from "./apply-plan.ts";
import { type BootctlResult, installLoader, updateLoader } from "./bootctl.ts";
import { EspNotFoundError, InvalidLoaderInputError } from "./errors.ts";
import { keptGenerations, readSystemGenerations } from "./generations.ts";
import { checkLoaderOptions, type LoaderOptions } from "./loader-options.ts";
import { type BootPlan, planBootEntries } from "./plan.ts";

export interface InstallBootLoaderInput {
  /** Where the EFI system partition is mounted (boot.loader.efi.efiSysMountPoint). */
  esp: string;
  stateDir: string;
  storeDir: string;
  options: LoaderOptions;
  /** `--install-bootloader`: run `bootctl install`; otherwise systemd-boot is updated when bootctl has a newer one. */
  install?: boolean;
  /** The entries' machine-id; undefined reads /etc/machine-id (if valid), null writes none. */
  machineId?: string | null;
  /** Parameters the machine needs on every entry besides the configuration's (e.g. `root=/dev/vda2`). */
  rootParams?: string[];
  /** The bootctl program (default `bootctl` on PATH); false leaves systemd-boot's binaries alone. */
  bootctl?: string | false;
  /**
   * Accept an ESP that is not a mount point or not FAT (tests, image staging). On a machine this
   * stays off: writing "the ESP" into an unmounted /boot puts the entries where firmware never looks.
   */
  allowUnmountedEsp?: boolean;
  /** Compute and return the plan; write nothing. */
  dryRun?: boolean;
}

export interface InstallBootLoaderReport extends ApplyReport {
  defaultPattern: string;
  /** Entries that would not find their root file system (see BootPlan.warnings); written anyway. */
  warnings: string[];
  bootctl?: BootctlResult;
  plan: BootPlan;
}

const MACHINE_ID = /^[0-9a-f]{32}$/;

function resolveMachineId(value: string | null | undefined): string | undefined {
  if (value === null) return undefined;
  if (value === undefined) {
    try {
      const id = readFileSync("/etc/machine-id", "utf8").trim();
      return MACHINE_ID.test(id) ? id : undefined;
    } catch {
      return undefined;
    }
  }
  if (!MACHINE_ID.test(value)) throw new InvalidLoaderInputError("machineId", value, "32 lower-case hexadecimal digits (as in /etc/machine-id)");
  return value;
}

function checkEsp(esp: string, allowUnmounted: boolean): void {
  if (!existsSync(esp)) throw new EspNotFoundError(esp, "missing");
  if (!statSync(esp).isDirectory()) throw new EspNotFoundError(esp, "not-a-directory");
  if (!allowUnmounted && esp !== "/" && statSync(esp).dev === statSync(dirname(esp)).dev) throw new EspNotFoundError(esp, "not-mounted");
}

const PARAM = /^[^\s"]+$|^[^\s"=]+="[^"]*"$/;

/**
 * Writes systemd-boot's configuration for every generation of the system profile: one entry per
 * generation and per specialisation, kernels and initrds under EFI/keel, loader.conf, stale
 * entries and files removed (reference §7). Every input is read and checked before the ESP is
 * touched, so bad input leaves it as it was.
 */
export function installBootLoader(input: InstallBootLoaderInput): InstallBootLoaderReport {
  const esp = resolve(input.esp);
  const options = checkLoaderOptions(input.options);
  const rootParams = input.rootParams ?? [];
  for (const p of rootParams) if (!PARAM.test(p)) throw new InvalidLoaderInputError("rootParams", p, "one kernel parameter without spaces (or key=\"quoted value\")");
  const machineId = resolveMachineId(input.machineId);
  checkEsp(esp, input.allowUnmountedEsp === true);
  const gens = keptGenerations(readSystemGenerations(input.stateDir), options.configurationLimit);
  const plan = planBootEntries({ generations: gens, storeDir: resolve(input.storeDir), options, rootParams, ...(machineId ? { machineId } : {}) });
  if (input.dryRun) return { plan, defaultPattern: plan.defaultPattern, entries: [], written: [], removed: [], copied: [], warnings: plan.warnings };

  let bootctl: BootctlResult | undefined;
  if (input.bootctl !== false) {
    const ctx = {
      bootctl: input.bootctl ?? "bootctl",
      esp,
      touchEfiVariables: options.canTouchEfiVariables,
      relaxEspChecks: input.allowUnmountedEsp === true,
    };
    bootctl = input.install ? installLoader(ctx) : updateLoader(ctx);
  }
  const applied = applyBootPlan(esp, plan, options);
  return { ...applied, defaultPattern: plan.defaultPattern, plan, warnings: plan.warnings, ...(bootctl ? { bootctl } : {}) };
}
