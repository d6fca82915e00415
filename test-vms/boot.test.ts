// QEMU scenario: the demo host boots under QEMU (-kernel, the store over 9p, a fresh ext4 disk)
// to multi-user.target with no failed unit, sshd listening and its own service done.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Machine, TestDriver } from "../src/vm/index.ts";
import { createTestDriver, qemuSkipReason } from "./support/vm-test.ts";

describe("boot: demo reaches multi-user.target under QEMU", { skip: qemuSkipReason() }, () => {
  let driver: TestDriver;
  let demo: Machine;
  before(async () => {
    driver = await createTestDriver({ demo: { host: "demo" } });
    demo = driver.machine("demo");
    await driver.startAll();
  });
  after(async () => driver?.close());

  test("multi-user.target is reached with no failed units", async () => {
    await demo.waitForUnit("multi-user.target");
    assert.equal((await demo.succeed("systemctl list-units --failed --plain --no-legend")).trim(), "");
    assert.match(await demo.succeed("systemctl is-system-running --wait || true"), /^running$/m);
  });

  test("the generation booted through stage 1 from the disk and the 9p store", async () => {
    assert.equal((await demo.succeed("readlink /run/booted-system")).trim(), driver.toplevels.demo);
    assert.match(await demo.succeed("findmnt -n -o SOURCE,FSTYPE /"), /^\/dev\/vda\s+ext4$/m);
    assert.match(await demo.succeed("cat /proc/cmdline"), /keel\.store=store/);
    await demo.fail(`touch ${driver.toplevels.demo}/x`);
  });

  test("activation starts from the snapshot built for the guest's CPU model, never paying for a refused one", async () => {
    // The VM variant's blob is made under qemu-user with the TCG model (src/system/activator-snapshot.ts),
    // and such a blob is always tried: no note means V8 accepted it in the guest.
    assert.match(await demo.succeed("cat /run/current-system/activate"), /-keel-activator-snapshot-emulated\/activator\.blob/);
    const out = await demo.succeed("/run/current-system/activate --action dry-activate 2>&1");
    assert.doesNotMatch(out, /did not start the activator from its snapshot|Failed to load the startup snapshot/);
  });

  test("sshd listens and the demo's own service ran", async () => {
    await demo.waitForUnit("sshd.service");
    await demo.waitForOpenPort(22);
    assert.equal((await demo.succeed("cat /run/hello")).trim(), "hello from demo");
  });

  test("a failed expectation shows the command output and the console", async () => {
    const error = await demo.succeed("echo some-output; echo some-error >&2; exit 3").then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error);
    assert.match(error.message, /exit 3/);
    assert.match(error.message, /some-output/);
    assert.match(error.message, /some-error/);
    assert.match(error.message, /Last console lines of demo:/);
  });

  test("the machine powers off cleanly", async () => {
    await demo.shutdown();
    assert.equal(demo.running, false);
    assert.match(demo.consoleText(), /reboot: Power down|Powering off/);
  });
});
