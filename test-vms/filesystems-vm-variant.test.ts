// QEMU scenario: the VM variant of a host whose hardware configuration names real disks (root on a
// UUID, an ESP, swap) boots, since build-vm's variant replaces them with the VM's own disk.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import hardware from "../hosts/workstation/hardware.ts";
import type { Machine, TestDriver } from "../src/vm/index.ts";
import { createTestDriver, qemuSkipReason } from "./support/vm-test.ts";

describe("filesystems-vm-variant: a host with real disks boots as a VM", { skip: qemuSkipReason() }, () => {
  let driver: TestDriver;
  let machine: Machine;
  before(async () => {
    // The demo with the workstation's disks: small, and what matters here is the hardware module.
    driver = await createTestDriver({ machine: { host: "demo", extraModules: [hardware] } });
    machine = driver.machine("machine");
    await driver.startAll();
  });
  after(async () => driver?.close());

  test("multi-user.target with no failed unit: nothing waits for the host's disks", async () => {
    await machine.waitForUnit("multi-user.target");
    assert.equal((await machine.succeed("systemctl list-units --failed --plain --no-legend")).trim(), "");
  });

  test("the VM's /etc/fstab names its own disk and no swap; root is the VM disk", async () => {
    const fstab = await machine.succeed("grep -v '^#' /etc/fstab | grep .");
    assert.equal(fstab.trim(), "/dev/disk/by-label/keel / ext4 x-initrd.mount 0 1");
    assert.equal((await machine.succeed("cat /proc/swaps | wc -l")).trim(), "1", "only the header: no swap");
    assert.match(await machine.succeed("findmnt -n -o SOURCE,FSTYPE /"), /^\/dev\/vda\s+ext4$/m);
    await machine.succeed("test -e /dev/disk/by-label/keel");
  });
});
