import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHost } from "../../src/system/build-host.ts";
import { repoDir, testStore } from "../../src/system/testing/test-store.ts";

/** Whether the units of a built system can be checked here: root (the shared test store, a mount namespace) and systemd-analyze. */
export const canVerifyUnits = process.getuid?.() === 0 && spawnSync("systemd-analyze", ["--version"]).status === 0;

/** The demo host plus `modules`, built into the shared test store; its toplevel. */
export async function buildDemoWith(...modules: unknown[]): Promise<string> {
  return (await buildHost({ repoDir, host: "demo", ...testStore, outLink: null, extraModules: modules })).toplevel;
}

/**
 * `systemd-analyze verify` of some units of a built toplevel, as src/system/toplevel.test.ts
 * checks the demo's: a root whose /etc/systemd/system is the generation's, /usr its sw, and the
 * store mounted at its own path (in a private mount namespace), so ExecStart= programs, users of
 * User=, and units named in After=/Wants= resolve as they will on the machine. Returns what
 * verify printed (empty when the units are clean) and its exit status.
 */
export function verifyUnits(toplevel: string, units: string[]): { output: string; status: number | null } {
  const root = mkdtempSync(join(tmpdir(), "keel-verify-units-"));
  mkdirSync(join(root, "etc/systemd"), { recursive: true });
  symlinkSync(realpathSync(join(toplevel, "etc/systemd/system")), join(root, "etc/systemd/system"));
  symlinkSync(join(toplevel, "sw"), join(root, "usr"));
  for (const [name, target] of [["bin", "usr/bin"], ["sbin", "usr/sbin"], ["lib", "usr/lib"], ["lib64", "usr/lib64"]] as const) symlinkSync(target, join(root, name));
  mkdirSync(join(root, testStore.storeDir), { recursive: true });
  const script = `mount --bind ${testStore.storeDir} ${root}${testStore.storeDir} && exec systemd-analyze verify --man=no --root=${root} ${units.join(" ")}`;
  const result = spawnSync("unshare", ["--mount", "sh", "-c", script], { encoding: "utf8" });
  return { output: `${result.stdout}${result.stderr}`.trim(), status: result.status };
}
