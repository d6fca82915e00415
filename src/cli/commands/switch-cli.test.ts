import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { canRunSystemTests, repoDir, testStore } from "../../system/testing/test-store.ts";

const main = join(import.meta.dirname, "..", "main.ts");
const root = mkdtempSync(join("/var/tmp", "keel-cli-root-"));
after(() => rmSync(root, { recursive: true, force: true }));

function rebuild(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", main, ...args, "--store-dir", testStore.storeDir, "--state-dir", testStore.stateDir], {
    encoding: "utf8",
    cwd: repoDir,
    timeout: 600_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The generation commands on a machine tree mounted elsewhere (`--root`): no live systemd is
 * needed, so this runs on the build machine. The live actions are pinned by
 * test-vms/switch-units.test.ts in systemd-nspawn.
 */
describe("rebuild boot / list-generations / switch-generation / delete-generations with --root", { skip: !canRunSystemTests && "needs root" }, () => {
  const profile = join(root, testStore.stateDir, "profiles/system");

  test("boot --root records generation 1 under the root and runs the generation's own switch-to-configuration", () => {
    const r = rebuild("boot", "--host", "demo", "--root", root);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readlinkSync(profile), "system-1-link");
    assert.match(r.stderr, /Done\. The new configuration is .*keel-system-demo/);
  });

  test("the same configuration again makes no new generation; list-generations --json shows it current", () => {
    assert.equal(rebuild("boot", "--host", "demo", "--root", root).code, 0);
    const r = rebuild("list-generations", "--json", "--root", root);
    assert.equal(r.code, 0, r.stderr);
    const gens = JSON.parse(r.stdout);
    assert.equal(gens.length, 1);
    assert.equal(gens[0].generation, 1);
    assert.equal(gens[0].current, true);
    assert.match(gens[0].kernelVersion, /^\d+\.\d+\.\d+-\d+-amd64$/);
    assert.match(gens[0].keelVersion, /^\d+\.\d+\.\d+/);
  });

  test("live actions refuse --root with a clear message; errors keep their exit codes", () => {
    const r = rebuild("switch", "--host", "demo", "--root", root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--root applies to boot only/);
    if (!existsSync("/etc/KEEL")) {
      // This build machine is not a Keel machine: a live switch must refuse before building anything.
      const t = rebuild("test", "--host", "demo");
      assert.equal(t.code, 1);
      assert.match(t.stderr, /This is not a Keel machine \(\/etc\/KEEL is missing\)/);
      assert.doesNotMatch(t.stderr, /building the system configuration/);
    }
    const d = rebuild("delete-generations", "1", "--root", root);
    assert.equal(d.code, 1);
    assert.match(d.stderr, /generation 1 is the current one/);
    const s = rebuild("switch-generation", "7", "--root", root);
    assert.equal(s.code, 1);
    assert.match(s.stderr, /generation 7 does not exist/);
    const b = rebuild("rollback", "--root", root);
    assert.notEqual(b.code, 0);
  });
});
