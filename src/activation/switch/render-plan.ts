import type { SwitchPlan } from "./switch-plan.ts";

/** Unit lists as switch-to-configuration prints them: case-insensitive order, ", " between. */
export function unitList(units: Iterable<string>): string {
  return [...units].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join(", ");
}

/** What people are shown of a list: targets that are only re-started stay out of sight. */
export function visible(plan: SwitchPlan, units: string[]): string[] {
  if (process.env.STC_DISPLAY_ALL_UNITS === "1") return units;
  const hidden = new Set(plan.units.hidden);
  return units.filter((u) => !hidden.has(u));
}

/** `dry-activate`'s report (reference §3.10), line for line what `switch` would print. */
export function renderDryRun(plan: SwitchPlan): string[] {
  const { beforeActivation, afterActivation } = renderDryRunParts(plan);
  return [...beforeActivation, ...afterActivation];
}

/** The report split where the dry activation's own output (snippets with supportsDryActivation) goes. */
export function renderDryRunParts(plan: SwitchPlan): { beforeActivation: string[]; afterActivation: string[] } {
  const lines: string[] = [];
  let split = 0;
  const add = (prefix: string, units: string[]) => {
    if (units.length > 0) lines.push(`${prefix} ${unitList(units)}`);
  };
  add("would stop the following units:", visible(plan, plan.units.stop));
  add("would NOT stop the following changed units:", plan.units.skip);
  for (const device of plan.swapOff) lines.push(`would stop swap device: ${device}`);
  lines.push("would activate the configuration...");
  for (const p of plan.etc.added) lines.push(`would add /etc/${p}`);
  for (const p of plan.etc.changed) lines.push(`would change /etc/${p}`);
  for (const p of plan.etc.removed) lines.push(`would remove /etc/${p}`);
  for (const u of plan.accounts.addedUsers) lines.push(`would create user ‘${u}’`);
  for (const u of plan.accounts.removedUsers) lines.push(`would remove user ‘${u}’`);
  for (const g of plan.accounts.addedGroups) lines.push(`would create group ‘${g}’`);
  for (const g of plan.accounts.removedGroups) lines.push(`would remove group ‘${g}’`);
  split = lines.length;
  if (plan.reexecSystemd) lines.push("would restart systemd");
  add("would reload the following units:", plan.units.reload);
  add("would restart the following units:", plan.units.restart);
  add("would start the following units:", visible(plan, plan.units.start));
  if (plan.reboot.required) lines.push(`a reboot would be needed: ${plan.reboot.reasons.join("; ")}`);
  if (plan.initInterfaceChanged) lines.push("the new init is incompatible with the running one: only a reboot would apply this configuration");
  return { beforeActivation: lines.slice(0, split), afterActivation: lines.slice(split) };
}
