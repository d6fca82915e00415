import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WORK_DIR } from "./work-lists.ts";

export type SwitchPhase = "stop" | "activate" | "reload" | "restart" | "start";

/**
 * Crash testing: with KEEL_SWITCH_HOLD_AT=<phase> the switch stops at the start of that phase,
 * marks it in /run/keel/held-<phase>, and waits to be killed. Tests use it to kill -9 a switch at
 * a known point and check that the next switch converges. Unset, it costs one env lookup.
 */
export async function holdPoint(root: string, phase: SwitchPhase): Promise<void> {
  if (process.env.KEEL_SWITCH_HOLD_AT !== phase) return;
  mkdirSync(join(root, WORK_DIR), { recursive: true });
  writeFileSync(join(root, WORK_DIR, `held-${phase}`), `${process.pid}\n`);
  await new Promise(() => setInterval(() => undefined, 60_000));
}
