// src/activation's public face: plan and apply a switch, profiles and generations, rebuild.
export { type ActivationAction, type ActivationStep, activateSystem, readActivationSpec } from "./activate-system.ts";
export { type GenerationInfo, type ProfileGeneration, addGeneration, CurrentGenerationError, deleteGenerations, describeGenerations, GenerationNotFoundError, GenerationSelectorError, previousGeneration, readGenerations, rollbackGeneration, selectGenerations, switchGeneration, systemProfilePath } from "./profiles/system-profile.ts";
export { SWITCH_UNIT, switchCommandLine, systemdIsRunning } from "./rebuild/switch-command.ts";
export { NoSwitchProgramError, type RebuildOptions, type RebuildResult, rebuild, SpecialisationNotFoundError, switchToGeneration } from "./rebuild/rebuild.ts";
export { type ApplyOptions, type ApplyReport, applySwitch } from "./switch/apply-switch.ts";
export { planSwitch, type SwitchPlanInput } from "./switch/plan-switch.ts";
export { renderDryRun, unitList } from "./switch/render-plan.ts";
export { acquireSwitchLock, SwitchLockedError } from "./switch/switch-lock.ts";
export type { AccountChanges, ActiveUnit, EtcChanges, SwitchAction, SwitchPlan, UnitDecision, WorkLists } from "./switch/switch-plan.ts";
export { SWITCH_ACTIONS } from "./switch/switch-plan.ts";
export { assertKeelMachine, NotKeelMachineError, NotRootError, type SwitchOptions, type SwitchResult, switchToConfiguration } from "./switch/switch-to-configuration.ts";
export { readWorkLists } from "./switch/work-lists.ts";
export { type JobResult, SystemdBus, SystemdConnectionError } from "./systemd/systemd-bus.ts";
export { compareUnits, type UnitComparison } from "./units/compare-units.ts";
export { parseUnitText, type UnitInfo } from "./units/parse-unit.ts";
export { planUnits, type UnitPlan } from "./units/plan-units.ts";
