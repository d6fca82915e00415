import assert from "node:assert/strict";
import { describe, test } from "node:test";
import workstationHardware from "../../hosts/workstation/hardware.ts";
import { evaluateWith, failedAssertions } from "../../modules-library/lib/testing.ts";
import { bootDiskFileSystems } from "./vm-file-systems.ts";
import { vmVariant } from "./vm-variant.ts";

const fstabLines = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));

describe("the VM variant's file systems", () => {
  test("a host with root on a UUID, an ESP and swap gets the VM's disk instead, and no swap", () => {
    const { config } = evaluateWith(workstationHardware, vmVariant);
    assert.deepEqual(Object.keys(config.fileSystems), ["/"]);
    assert.equal(config.fileSystems["/"].device, "/dev/disk/by-label/keel");
    assert.deepEqual(config.swapDevices, []);
    assert.deepEqual(fstabLines(config.environment.etc.fstab.text), ["/dev/disk/by-label/keel / ext4 x-initrd.mount 0 1"]);
    assert.ok((config.boot.initrd.kernelModules as string[]).includes("ext4"));
    assert.equal(failedAssertions(evaluateWith(workstationHardware, vmVariant)), "");
  });

  test("the host itself keeps its own disks", () => {
    const { config } = evaluateWith(workstationHardware);
    assert.deepEqual(Object.keys(config.fileSystems).sort(), ["/", "/boot", "/tmp"]);
    assert.equal(config.swapDevices.length, 1);
  });

  test("virtualisation.fileSystems adds to the VM's root; build-vm-with-bootloader's disk has its own root and ESP", () => {
    const extra = { config: { virtualisation: { fileSystems: { "/scratch": { fsType: "tmpfs", options: ["size=64M"] } } } } };
    const withScratch = evaluateWith(workstationHardware, vmVariant, extra).config;
    assert.deepEqual(Object.keys(withScratch.fileSystems).sort(), ["/", "/scratch"]);
    const boot = evaluateWith(workstationHardware, vmVariant, bootDiskFileSystems).config;
    assert.equal(boot.fileSystems["/"].device, "/dev/disk/by-label/keel-root");
    assert.equal(boot.fileSystems["/boot"].fsType, "vfat");
  });
});
