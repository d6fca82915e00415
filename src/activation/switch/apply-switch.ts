import { join } from "node:path";
import type { ActivationStep } from "../activate-system.ts";
import type { SystemdBus } from "../systemd/systemd-bus.ts";
import { loadChildProcess } from "../lazy-builtins.ts";
import { unitBool } from "../units/parse-unit.ts";
import { loadUnitFrom, unitSearchPath } from "../units/unit-dirs.ts";
import { reloadUserManagers } from "../user-managers/reload-user-managers.ts";
import { holdPoint } from "./hold-point.ts";
import { unitList, visible } from "./render-plan.ts";
import type { ActiveUnit, SwitchPlan } from "./switch-plan.ts";
import { clearWorkList, type ListName, writeWorkList } from "./work-lists.ts";

export interface ApplyOptions {
  root: string;
  /** Runs the generation's activation (/etc, users, /run/current-system, tmpfiles). */
  activate: (onStep: (step: ActivationStep) => void) => ActivationStep[];
  log: (line: string) => void;
  /** The units active before the switch (to tell which ones are new afterwards). */
  activeBefore: ActiveUnit[];
}

/** What the switch did, for the caller and for tests that compare it with the dry run. */
export interface ApplyReport {
  exitCode: number;
  stopped: string[];
  reloaded: string[];
  restarted: string[];
  started: string[];
  newUnits: string[];
  failed: string[];
  /** Jobs that ended in failed, timeout or dependency, as "verb unit". */
  jobFailures: string[];
}

const FAILED_RESULTS = new Set(["timeout", "failed", "dependency"]);

/**
 * Applies a plan to the running system in switch-to-configuration-ng's order (reference §3.3):
 * record the work lists, stop, activate, daemon-reload, reload, restart, start, settle, report.
 * Every phase runs even after a failure; the exit code says what went wrong (2, then 4).
 */
export async function applySwitch(plan: SwitchPlan, bus: SystemdBus, opts: ApplyOptions): Promise<ApplyReport> {
  const { root, log } = opts;
  const report: ApplyReport = { exitCode: 0, stopped: [], reloaded: [], restarted: [], started: [], newUnits: [], failed: [], jobFailures: [] };
  const fail = (code: number) => {
    report.exitCode = Math.max(report.exitCode, code);
  };
  const reload = new Set(plan.units.reload);
  // Recorded before anything stops: from here on a kill is finished by the next switch.
  writeWorkList(root, "start", plan.units.start);
  writeWorkList(root, "restart", plan.units.restart);
  writeWorkList(root, "reload", reload);

  await holdPoint(root, "stop");
  const shownStop = visible(plan, plan.units.stop);
  if (shownStop.length > 0) log(`stopping the following units: ${unitList(shownStop)}`);
  for (const unit of plan.units.stop) {
    const error = await bus.queue("stop", unit);
    if (error) log(`Failed to stop ${unit}: ${error}`);
  }
  collect(await bus.waitForJobs(), report, log, fail);
  report.stopped = [...plan.units.stop];
  if (plan.units.skip.length > 0) log(`NOT restarting the following changed units: ${unitList(plan.units.skip)}`);
  for (const device of plan.swapOff) {
    log(`stopping swap device: ${device}`);
    const r = loadChildProcess().spawnSync("swapoff", [device], { encoding: "utf8" });
    if (r.status !== 0) log(`Failed to stop swapping to ${device}: ${(r.stderr ?? "").trim()}`);
  }

  await holdPoint(root, "activate");
  log("activating the configuration...");
  let activationFailed = false;
  opts.activate((step) => {
    for (const m of step.messages) log(m);
    if (step.ok) return;
    if (!step.reported) log(`Activation step '${step.name}' failed`);
    activationFailed = true;
  });
  if (activationFailed) {
    log("Failed to run activate script");
    fail(2);
  }
  if (plan.reexecSystemd) {
    log("restarting systemd...");
    await bus.reexecute();
  }
  await bus.resetFailed();
  await bus.daemonReload();
  // reference §3.12: every user's manager reads the new /etc/systemd/user and reruns userActivationScripts.
  if ((await reloadUserManagers(bus, plan.toplevel, log)).length > 0) fail(4);

  // A reload candidate that stopped meanwhile (a dependency went) is started instead, if it may be.
  const nowActive = new Map((await bus.listUnits()).map((u) => [u.name, u.activeState]));
  const newUnits = unitSearchPath({ etc: join(plan.toplevel, "etc"), sw: join(plan.toplevel, "sw") });
  const start = new Set(plan.units.start);
  for (const unit of [...reload]) {
    const state = nowActive.get(unit);
    if (state === "active" || state === "activating") continue;
    reload.delete(unit);
    const info = loadUnitFrom(newUnits, unit);
    if (info && (!unitBool(info, "Unit", "RefuseManualStart", false) || unitBool(info, "Unit", "X-OnlyManualStart", false))) start.add(unit);
  }
  writeWorkList(root, "reload", reload);
  writeWorkList(root, "start", start);

  const phase = async (name: ListName, verb: "reload" | "restart" | "start", units: string[], shown: string[], message: string) => {
    await holdPoint(root, name);
    if (shown.length > 0) log(`${message} ${unitList(shown)}`);
    for (const unit of units) {
      const error = await bus.queue(verb, unit);
      if (error) {
        log(`Failed to ${verb} ${unit}: ${error}`);
        fail(4);
      }
    }
    collect(await bus.waitForJobs(), report, log, fail);
    clearWorkList(root, name);
  };
  report.reloaded = [...reload].sort();
  await phase("reload", "reload", report.reloaded, report.reloaded, "reloading the following units:");
  report.restarted = [...plan.units.restart];
  await phase("restart", "restart", report.restarted, report.restarted, "restarting the following units:");
  report.started = [...start].sort();
  await phase("start", "start", report.started, visible(plan, report.started), "starting the following units:");

  await settle(bus);
  const before = new Set(opts.activeBefore.filter((u) => u.activeState !== "inactive").map((u) => u.name));
  for (const unit of await bus.listUnits()) {
    let failed = unit.activeState === "failed";
    if (!failed && unit.name.endsWith(".service") && unit.subState === "auto-restart") {
      failed = Number(await bus.unitProperty(unit.name, "org.freedesktop.systemd1.Service", "ExecMainStatus")) !== 0;
    }
    if (failed) report.failed.push(unit.name);
    else if (unit.activeState === "active" && !before.has(unit.name) && !unit.name.endsWith(".scope")) report.newUnits.push(unit.name);
  }
  report.failed.sort();
  report.newUnits.sort();
  if (report.newUnits.length > 0) log(`the following new units were started: ${unitList(report.newUnits)}`);
  if (report.failed.length > 0) {
    log(`warning: the following units failed: ${unitList(report.failed)}`);
    const status = loadChildProcess().spawnSync(join(plan.toplevel, "sw/bin/systemctl"), ["status", "--no-pager", "--full", ...report.failed], { encoding: "utf8" });
    for (const line of `${status.stdout ?? ""}${status.stderr ?? ""}`.split("\n")) if (line) log(line);
    fail(4);
  }
  return report;
}

function collect(results: { unit: string; verb: string; result: string }[], report: ApplyReport, log: (l: string) => void, fail: (c: number) => void): void {
  for (const r of results) {
    if (!FAILED_RESULTS.has(r.result)) continue;
    log(`Failed to ${r.verb} ${r.unit}`);
    report.jobFailures.push(`${r.verb} ${r.unit}`);
    fail(4);
  }
}

/** Lets units that were just started fail or settle before they are judged (NixOS waits while systemd is busy). */
async function settle(bus: SystemdBus): Promise<void> {
  const deadline = Date.now() + 90_000;
  let quietSince = Date.now();
  let lastCount = bus.signals;
  while (Date.now() < deadline && Date.now() - quietSince < 250) {
    await new Promise((r) => setTimeout(r, 50));
    if (bus.signals !== lastCount) {
      lastCount = bus.signals;
      quietSince = Date.now();
    }
  }
}
