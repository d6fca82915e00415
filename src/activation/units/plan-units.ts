import type { ActiveUnit, UnitDecision, WorkLists } from "../switch/switch-plan.ts";
import { compareUnits } from "./compare-units.ts";
import { type UnitInfo, unitBool, unitValues } from "./parse-unit.ts";
import { findUnitFile, instanceDropIns, loadUnitFrom, type UnitSearchPath } from "./unit-dirs.ts";

export interface UnitPlanInput {
  active: ActiveUnit[];
  old: UnitSearchPath;
  next: UnitSearchPath;
  /** Lists left by an interrupted switch: finished by this one. */
  resumed: WorkLists;
}

export interface UnitPlan {
  stop: Set<string>;
  skip: Set<string>;
  reload: Set<string>;
  restart: Set<string>;
  start: Set<string>;
  hidden: Set<string>;
  decisions: UnitDecision[];
}

/** Targets that must never be started by a switch: starting them suspends the machine. */
const SLEEP_TARGETS = new Set(["suspend.target", "hibernate.target", "hybrid-sleep.target"]);
/** Targets whose change needs nothing: daemon-reload gives them their new dependencies. */
const NEVER_RESTARTED = new Set(["sysinit.target", "basic.target", "multi-user.target", "graphical.target"]);
const TEMPLATE_INSTANCE = /^(.*)@[^.]*\.(.*)$/;

/** X-* switch keys live in [Service] for services, and are honoured in [Unit] for the other kinds. */
function switchBool(info: UnitInfo | undefined, key: string, fallback: boolean): boolean {
  return unitBool(info, "Service", key, unitBool(info, "Unit", key, fallback));
}

/**
 * Classifies every active unit against the new generation's files (reference §3.4–§3.6). Reads
 * unit files but changes nothing: the result is the unit part of the switch plan.
 */
export function planUnits(input: UnitPlanInput): UnitPlan {
  const plan: UnitPlan = {
    stop: new Set(),
    skip: new Set(),
    reload: new Set(input.resumed.reload),
    restart: new Set(input.resumed.restart),
    start: new Set(input.resumed.start),
    hidden: new Set(),
    decisions: [],
  };
  const decide = (unit: string, decision: UnitDecision["decision"]) => plan.decisions.push({ unit, decision });
  for (const u of [...input.resumed.start, ...input.resumed.restart, ...input.resumed.reload]) decide(u, "resumed");

  const activeNames = new Set(input.active.filter((u) => u.activeState === "active" || u.activeState === "activating").map((u) => u.name));
  for (const unit of input.active) {
    if (unit.activeState !== "active" && unit.activeState !== "activating") continue;
    const name = unit.name;
    let base = name;
    let removedByDropIns = false;
    const instance = TEMPLATE_INSTANCE.exec(name);
    if (instance && !findUnitFile(input.old, name) && !findUnitFile(input.next, name)) {
      base = `${instance[1]}@.${instance[2]}`;
      // An instance defined only by its drop-ins is "removed" when they go away.
      removedByDropIns = instanceDropIns(input.old, name).length > 0 && instanceDropIns(input.next, name).length === 0;
    }
    if (!findUnitFile(input.old, base)) continue;
    const oldInfo = loadUnitFrom(input.old, base, name);
    const newInfo = loadUnitFrom(input.next, base, name);

    if (!newInfo || removedByDropIns) {
      if (unitBool(oldInfo, "Unit", "X-StopOnRemoval", true)) {
        plan.stop.add(name);
        decide(name, "removed");
      }
      continue;
    }
    if (name.endsWith(".target")) {
      // Re-starting every active target is how units newly wanted by them get started.
      if (!SLEEP_TARGETS.has(name) && !unitBool(newInfo, "Unit", "RefuseManualStart", false) && !unitBool(newInfo, "Unit", "X-OnlyManualStart", false)) {
        plan.start.add(name);
        plan.hidden.add(name);
        decide(name, "target");
      }
      if (unitBool(newInfo, "Unit", "X-StopOnReconfiguration", false)) {
        plan.stop.add(name);
        plan.hidden.add(name);
      }
      continue;
    }
    const comparison = compareUnits(oldInfo ?? new Map(), newInfo);
    if (comparison === "reload") {
      if (!plan.restart.has(name)) {
        plan.reload.add(name);
        decide(name, "reload");
      }
    } else if (comparison === "restart") {
      handleModifiedUnit(plan, input.next, activeNames, name, base, newInfo, decide);
    }
  }
  return plan;
}

/** Reference §3.6: what to do with a unit whose file changed in a way that needs a restart. */
function handleModifiedUnit(
  plan: UnitPlan,
  next: UnitSearchPath,
  active: ReadonlySet<string>,
  name: string,
  base: string,
  info: UnitInfo,
  decide: (unit: string, decision: UnitDecision["decision"]) => void,
): void {
  if (NEVER_RESTARTED.has(name) || name.endsWith(".path") || name.endsWith(".slice") || name.endsWith(".socket")) return;
  if (name.endsWith(".mount")) {
    // Never unmount the root: remount it instead.
    if (name === "-.mount") {
      plan.reload.add(name);
      decide(name, "reload");
    } else {
      plan.restart.add(name);
      decide(name, "restart");
    }
    return;
  }
  if (switchBool(info, "X-ReloadIfChanged", false) && !plan.restart.has(name) && !plan.stop.has(name)) {
    plan.reload.add(name);
    decide(name, "reload");
    return;
  }
  if (!switchBool(info, "X-RestartIfChanged", true) || unitBool(info, "Unit", "RefuseManualStop", false) || unitBool(info, "Unit", "X-OnlyManualStart", false)) {
    plan.skip.add(name);
    decide(name, "skip");
    return;
  }
  if (!switchBool(info, "X-StopIfChanged", true) || !name.endsWith(".service")) {
    plan.restart.add(name);
    decide(name, "restart");
    return;
  }
  // Stop now, start after activation: the new program never runs against the old /etc.
  const baseName = base.replace(/\.[a-z]*$/, "");
  const declared = unitValues(info, "Service", "Sockets").flatMap((v) => v.split(/\s+/)).filter(Boolean);
  const sockets = declared.length > 0 ? declared : [`${baseName.replace(/@$/, "")}.socket`];
  let socketActivated = false;
  for (const socket of sockets) {
    const inNew = findUnitFile(next, socket) !== undefined;
    if (active.has(socket)) {
      plan.stop.add(socket);
      if (inNew) plan.start.add(socket);
      socketActivated = true;
    } else if (inNew) {
      socketActivated = true;
    }
  }
  if (switchBool(info, "X-NotSocketActivated", false)) socketActivated = false;
  if (!socketActivated) plan.start.add(name);
  plan.stop.add(name);
  plan.reload.delete(name);
  decide(name, "stop-start");
}
