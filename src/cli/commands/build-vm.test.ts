import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { canRunSystemTests, testStore } from "../../system/testing/test-store.ts";

const root = new URL("../../..", import.meta.url).pathname;

function rebuild(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, "bin/rebuild.js"), ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("rebuild build-vm", () => {
  test("a bad --forward is a usage error naming the value, before anything is built", () => {
    const r = rebuild(root, "build-vm", "--host", "demo", "--forward", "22");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--forward 22: expected HOSTPORT:GUESTPORT/);
  });

  test("--host is required", () => {
    const r = rebuild(root, "build-vm");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--host NAME/);
  });

  test("builds ./result/bin/run-demo-vm with the flags' values", { skip: !canRunSystemTests && "needs root (test store)" }, () => {
    const cwd = mkdtempSync(join(tmpdir(), "keel-build-vm-"));
    try {
      const r = rebuild(cwd, "build-vm", "--repo", root, "--host", "demo", "--store-dir", testStore.storeDir, "--state-dir", testStore.stateDir, "--forward", "2222:22", "--memory", "768", "--cores", "2");
      assert.equal(r.code, 0, r.stderr);
      const script = join(cwd, "result/bin/run-demo-vm");
      assert.equal(r.stdout.trim(), readlinkSync(join(cwd, "result")) + "/bin/run-demo-vm");
      const text = readFileSync(script, "utf8");
      assert.match(text, /hostfwd=tcp:127\.0\.0\.1:2222-:22/);
      assert.match(text, /"-m" "768"/);
      assert.match(text, /"-smp" "2"/);
      const system = readlinkSync(join(cwd, "result/system"));
      assert.ok(existsSync(join(system, "kernel")) && existsSync(join(system, "initrd")));
      assert.match(text, new RegExp(`init=${system}/init root=/dev/vda`));
      // The build makes no disk: the script does, where it runs.
      assert.equal(existsSync(join(cwd, "demo.qcow2")), false);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
