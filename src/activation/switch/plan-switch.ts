import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { readActivationSpec } from "../activate-system.ts";
import { planUnits } from "../units/plan-units.ts";
import { unitSearchPath } from "../units/unit-dirs.ts";
import { updateUsersGroups } from "../users/update-users-groups.ts";
import { diffEtc } from "./etc-changes.ts";
import { planFstab } from "./fstab-changes.ts";
import type { ActiveUnit, SwitchAction, SwitchPlan, WorkLists } from "./switch-plan.ts";

export interface SwitchPlanInput {
  action: SwitchAction;
  /** The machine's root: "/" for a live switch. */
  root: string;
  /** The generation to switch to (a toplevel or a specialisation of one). */
  toplevel: string;
  /** What systemd runs now (empty for `boot`, which touches no unit). */
  activeUnits: ActiveUnit[];
  resumed: WorkLists;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

function resolveOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** Kernel, initrd and parameters of the generation the machine booted, against the new one's. */
function rebootReasons(root: string, toplevel: string): string[] {
  const booted = resolveOrNull(join(root, "run/booted-system")) ?? resolveOrNull(join(root, "run/current-system"));
  if (!booted) return [];
  const reasons: string[] = [];
  for (const part of ["kernel", "initrd"]) {
    const before = resolveOrNull(join(booted, part));
    const after = resolveOrNull(join(toplevel, part));
    if (before !== after) reasons.push(`${part} changed (${before ?? "none"} → ${after ?? "none"})`);
  }
  const params = (p: string) => readOr(join(p, "kernel-params"), "").trim();
  if (params(booted) !== params(toplevel)) reasons.push(`kernel parameters changed ("${params(booted)}" → "${params(toplevel)}")`);
  return reasons;
}

/**
 * Reference §3.3 step 16: a running systemd only picks up a new binary or system.conf by
 * re-executing itself. Only meaningful on a live root (PID 1 is the machine's own).
 */
export function needsReexec(root: string, toplevel: string, pid1Exe = "/proc/1/exe"): boolean {
  if (resolveOrNull(pid1Exe) !== resolveOrNull(join(toplevel, "systemd/lib/systemd/systemd"))) return true;
  return resolveOrNull(join(root, "etc/systemd/system.conf")) !== resolveOrNull(join(toplevel, "etc/systemd/system.conf"));
}

/**
 * The whole switch as data (STYLE item 10): which units stop, reload, restart and start; what
 * /etc and the accounts gain and lose; whether a reboot is needed. Reads the machine's files and
 * the new generation; changes nothing. Must run before activation replaces /etc (reference §3.11).
 */
export function planSwitch(input: SwitchPlanInput): SwitchPlan {
  const { root, toplevel, action } = input;
  const current = resolveOrNull(join(root, "run/current-system"));
  const live = action !== "boot";
  const units = planUnits({
    active: live ? input.activeUnits : [],
    old: unitSearchPath({ etc: join(root, "etc"), sw: current ? join(current, "sw") : join(root, "usr") }),
    next: unitSearchPath({ etc: join(toplevel, "etc"), sw: join(toplevel, "sw") }),
    resumed: live ? input.resumed : { start: [], restart: [], reload: [] },
  });
  const swapOff = live ? planFstab(units, readOr(join(root, "etc/fstab"), ""), readOr(join(toplevel, "etc/fstab"), "")) : [];
  const spec = readActivationSpec(toplevel);
  const accounts = updateUsersGroups(root, spec.users, { dryRun: true });
  const oldInterface = readOr(join(root, "run/current-system/init-interface-version"), "").trim();
  const newInterface = readOr(join(toplevel, "init-interface-version"), "").trim();
  const reasons = rebootReasons(root, toplevel);
  const sorted = (s: Iterable<string>) => [...s].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return {
    version: 1,
    action,
    toplevel,
    current,
    units: {
      stop: sorted(units.stop),
      skip: sorted(units.skip),
      reload: sorted(units.reload),
      restart: sorted(units.restart),
      start: sorted(units.start),
      hidden: sorted(units.hidden),
      decisions: [...units.decisions].sort((a, b) => a.unit.localeCompare(b.unit)),
    },
    swapOff,
    etc: diffEtc(existsSync(join(root, "etc/static")) ? resolveOrNull(join(root, "etc/static")) ?? undefined : undefined, spec.etc),
    accounts: {
      addedUsers: accounts.addedUsers,
      removedUsers: accounts.removedUsers,
      addedGroups: accounts.addedGroups,
      removedGroups: accounts.removedGroups,
    },
    reboot: { required: reasons.length > 0, reasons },
    reexecSystemd: live && needsReexec(root, toplevel),
    initInterfaceChanged: live && oldInterface !== "" && oldInterface !== newInterface,
  };
}
