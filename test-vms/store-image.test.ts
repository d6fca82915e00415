// QEMU scenario: the demo host boots with its closure from an ext4 store image (build-vm
// --store-image) instead of the host's store over 9p, and runs as it does from the share.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Machine, TestDriver } from "../src/vm/index.ts";
import { createTestDriver, qemuSkipReason } from "./support/vm-test.ts";

describe("store image: demo boots from an image of its closure", { skip: qemuSkipReason() }, () => {
  let driver: TestDriver;
  let demo: Machine;
  before(async () => {
    driver = await createTestDriver({ demo: { host: "demo", storeImage: true } });
    demo = driver.machine("demo");
    await driver.startAll();
  });
  after(async () => driver?.close());

  test("multi-user.target is reached with no failed units and sshd listening", async () => {
    await demo.waitForUnit("multi-user.target");
    assert.equal((await demo.succeed("systemctl list-units --failed --plain --no-legend")).trim(), "");
    await demo.waitForOpenPort(22);
  });

  test("the store is the image, read-only, by its label; no 9p share exists", async () => {
    const toplevel = driver.toplevels.demo ?? "";
    const storeDir = toplevel.slice(0, toplevel.lastIndexOf("/"));
    assert.match(await demo.succeed(`findmnt -n -o SOURCE,FSTYPE,OPTIONS ${storeDir}`), /^\/dev\/vdb\s+ext4\s+ro,/m);
    assert.equal((await demo.succeed("blkid -s LABEL -o value /dev/vdb")).trim(), "keel-store");
    assert.match(await demo.succeed("cat /proc/cmdline"), /keel\.store=LABEL=keel-store/);
    assert.equal((await demo.succeed("grep -c ' 9p ' /proc/mounts || true")).trim(), "0");
    assert.equal((await demo.succeed("readlink /run/booted-system")).trim(), toplevel);
    await demo.fail(`touch ${toplevel}/x`);
  });

  test("a variant cannot be switched to: it would not be in the image", async () => {
    await assert.rejects(driver.buildVariant("demo", []), /boots from a store image/);
  });
});
