import { spawnSync } from "node:child_process";
import { canRunSystemTests, repoDir, testStore } from "../../src/system/testing/test-store.ts";
import { buildHost } from "../../src/system/build-host.ts";
import { type NodeSpec, TestDriver } from "../../src/vm/index.ts";

/** Why a QEMU scenario cannot run here, or false when it can. */
export function qemuSkipReason(): string | false {
  if (!canRunSystemTests) return "needs root (the test store is in /var/cache)";
  if (spawnSync("qemu-system-x86_64", ["--version"]).status !== 0) return "qemu-system-x86_64 is missing (bash scripts/setup.sh)";
  return false;
}

/** A driver over the shared test store, for one scenario's machines. */
export function createTestDriver(nodes: Record<string, NodeSpec>): Promise<TestDriver> {
  return TestDriver.create({ nodes, repoDir, storeDir: testStore.storeDir, stateDir: testStore.stateDir });
}

/** The demo host plus one module, built into the shared test store; its toplevel. */
export async function buildDemoWith(module: unknown): Promise<string> {
  return (await buildHost({ repoDir, host: "demo", ...testStore, outLink: null, extraModules: [module] })).toplevel;
}
