import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { canRunSystemTests, repoDir, testStore } from "../system/testing/test-store.ts";
import { VmTestError } from "./errors.ts";
import type { Machine } from "./machine.ts";
import { nspawnAvailable } from "./nspawn-machine.ts";
import { TestDriver } from "./test-driver.ts";

/** The driver's machine API on the nspawn backend: the same calls a QEMU scenario makes, in seconds. */
describe("test driver, nspawn backend", { skip: !(canRunSystemTests && nspawnAvailable()) && "needs root and systemd-nspawn" }, () => {
  let driver: TestDriver;
  let demo: Machine;
  before(async () => {
    driver = await TestDriver.create({ nodes: { demo: { host: "demo", backend: "nspawn" } }, repoDir, ...testStore });
    demo = driver.machine("demo");
    await driver.startAll();
  });
  after(async () => driver?.close());

  test("waitForUnit, succeed, fail, waitForOpenPort, waitForFile", async () => {
    await demo.waitForUnit("multi-user.target", 120_000);
    assert.equal((await demo.succeed("cat /etc/hostname")).trim(), "demo");
    await demo.fail("false");
    await demo.waitForOpenPort(22, "127.0.0.1", 60_000);
    await demo.waitForFile("/run/hello", 60_000);
  });

  test("waitForUnit fails at once on a failed unit, with its status", async () => {
    await demo.succeed("systemd-run --unit=keel-broken --service-type=oneshot false || true");
    await assert.rejects(demo.waitForUnit("keel-broken.service", 30_000), (e: unknown) => e instanceof VmTestError && /keel-broken\.service is failed/.test(e.message));
  });

  test("waitUntilFails and waitForConsoleText", async () => {
    await demo.succeed("touch /run/flag");
    setTimeout(() => void demo.execute("rm /run/flag"), 1500);
    await demo.waitUntilFails("test -e /run/flag", 30_000);
    // With --console=pipe systemd prints no status lines; stage 2 announces itself.
    assert.match((await demo.waitForConsoleText(/Keel stage 2: (\S+)/, 10_000))[1] ?? "", /keel-system-demo/);
  });

  test("copyFromVm brings a directory out", async () => {
    await demo.succeed("mkdir -p /root/out/sub && echo payload > /root/out/sub/f");
    const dir = mkdtempSync(join(tmpdir(), "keel-copy-"));
    try {
      const copied = await demo.copyFromVm("/root/out", dir);
      assert.equal(readFileSync(join(copied, "sub/f"), "utf8"), "payload\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("crash stops it at once", async () => {
    await demo.crash();
    assert.equal(demo.running, false);
  });
});
