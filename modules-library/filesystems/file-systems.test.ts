import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mkForce } from "../../src/modules/index.ts";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

const ROOT_UUID = "8c4c2b5e-4c4a-4a49-9c43-8e2f8f3b7e11";

/** A hardware-configuration.nix as nixos-generate-config writes it. */
const hardware = {
  config: {
    fileSystems: {
      "/": { device: `/dev/disk/by-uuid/${ROOT_UUID}`, fsType: "ext4" },
      "/boot": { device: "/dev/disk/by-uuid/1A2B-3C4D", fsType: "vfat", options: ["fmask=0077", "dmask=0077"] },
    },
    swapDevices: [{ device: "/dev/disk/by-uuid/3b5f0c1e-2a4d-4b1e-9f57-6f4f0e0a9d21" }],
  },
};

describe("fileSystems options", () => {
  test("the name is the mount point; root gets x-initrd.mount in place of the default options", () => {
    const { config } = evaluateWith(hardware);
    const root = config.fileSystems["/"];
    assert.equal(root.mountPoint, "/");
    assert.deepEqual(root.options, ["x-initrd.mount"]);
    assert.deepEqual(config.fileSystems["/boot"].options, ["fmask=0077", "dmask=0077"]);
    assert.equal(config.fileSystems["/boot"].neededForBoot, false);
    assert.equal(failedAssertions(evaluateWith(hardware)), "");
  });

  test("label sets the device to its by-label path (escaped); tmpfs's device defaults to tmpfs", () => {
    const { config } = evaluateWith({
      config: { fileSystems: { data: { mountPoint: "/srv/data", label: "big data", fsType: "xfs" }, "/tmp": { fsType: "tmpfs", options: ["size=2G"] } } },
    });
    assert.equal(config.fileSystems.data.device, "/dev/disk/by-label/big\\x20data");
    assert.equal(config.fileSystems["/tmp"].device, "tmpfs");
    assert.deepEqual(config.fileSystems.data.options, ["defaults"]);
  });

  test("disabled file systems are dropped", () => {
    const { config } = evaluateWith({ config: { fileSystems: { "/mnt/x": { device: "/dev/sdb1", enable: false } } } });
    assert.deepEqual(Object.keys(config.fileSystems), []);
  });

  test("depends becomes x-systemd.requires-mounts-for on a stage-2 mount, and orders the fstab", () => {
    const { config } = evaluateWith({
      config: { fileSystems: { "/a-first": { device: "/persist/image", fsType: "ext4", options: ["loop"], depends: ["/persist"] }, "/persist": { device: "/dev/sdb1", fsType: "ext4" } } },
    });
    // The declaring module's definitions come first, as in NixOS.
    assert.deepEqual(config.fileSystems["/a-first"].options, ["x-systemd.requires-mounts-for=/persist", "loop"]);
    const fstab: string = config.environment.etc.fstab.text;
    assert.ok(fstab.indexOf(" /persist ") < fstab.indexOf(" /a-first "), fstab);
  });

  test("types of every file system are supported; the needed-for-boot ones go into the initrd with their modules", () => {
    const { config } = evaluateWith(hardware, { config: { boot: { initrd: { supportedFilesystems: ["btrfs"] }, supportedFilesystems: { xfs: true } } } });
    assert.deepEqual(Object.keys(config.boot.supportedFilesystems).sort(), ["ext4", "vfat", "xfs"]);
    assert.deepEqual(Object.keys(config.boot.initrd.supportedFilesystems).sort(), ["btrfs", "ext4"]);
    const modules: string[] = config.boot.initrd.kernelModules;
    assert.ok(modules.includes("ext4") && modules.includes("btrfs"), String(modules));
    assert.ok(!modules.includes("vfat") || config.boot.loader["systemd-boot"].enable, "vfat is not needed for boot here");
  });

  test("the set form can switch a type off with mkForce", () => {
    const { config } = evaluateWith(hardware, { config: { boot: { initrd: { supportedFilesystems: { ext4: mkForce(false) } } } } });
    assert.equal(config.boot.initrd.supportedFilesystems.ext4, false);
    assert.ok(!(config.boot.initrd.kernelModules as string[]).includes("ext4"));
  });
});

describe("fileSystems and swapDevices assertions", () => {
  test("a relative mount point, a missing device, and label with device are reported together", () => {
    const message = failedAssertions(
      evaluateWith({
        config: {
          fileSystems: {
            data: { device: "/dev/sdb1" },
            "/srv": { fsType: "ext4" },
            "/home": { label: "home", device: "/dev/sdc1" },
          },
        },
      }),
    );
    assert.match(message, /The mount point of fileSystems\.data is `data', which is not an absolute path\. Mount points start with `\/'/);
    assert.match(message, /No device specified for mount point ‘\/srv’\. Set fileSystems\."\/srv"\.device/);
    assert.match(message, /The filesystem with mount point \/home has its label and device set to inconsistent values:\n {2}label: home\n {2}device: \/dev\/sdc1/);
  });

  test("a trailing slash in a mount point is a type error naming the option", () => {
    assert.throws(() => evaluateWith({ config: { fileSystems: { usb: { mountPoint: "/mnt/", device: "/dev/sdb1" } } } }).config.environment.etc.fstab.text, (e: Error) => {
      assert.match(e.message, /fileSystems\.usb\.mountPoint/);
      assert.match(e.message, /non-empty without trailing slash/);
      return true;
    });
  });

  test("two entries for one mount point, and a dependency cycle", () => {
    const message = failedAssertions(
      evaluateWith({
        config: {
          fileSystems: {
            one: { mountPoint: "/data", device: "/dev/sdb1" },
            two: { mountPoint: "/data", device: "/dev/sdc1" },
            "/x": { device: "/dev/sdd1", depends: ["/y"] },
            "/y": { device: "/dev/sde1", depends: ["/x"] },
          },
        },
      }),
    );
    assert.match(message, /The mount point \/data is declared more than once: fileSystems\.one, fileSystems\.two/);
    assert.match(message, /can't be topologically sorted: mountpoint dependency path \/x -> \/y loops to \/x/);
  });

  test("swap: no device, random encryption, and a swap file by label", () => {
    const message = failedAssertions(evaluateWith({ config: { swapDevices: [{ priority: 1 }, { device: "/dev/sda3", randomEncryption: true }, { label: "s", size: 100 }] } }));
    assert.match(message, /swapDevices \(entry 1\) names no swap area/);
    assert.match(message, /swapDevices \(entry 2, \/dev\/sda3\): randomEncryption is not supported/);
    assert.match(message, /swapDevices \(entry 3, s\): size makes a swap file/);
  });

  test("a swap file with a size gets its mkswap service before the swap unit", () => {
    const { config } = evaluateWith({ config: { swapDevices: [{ device: "/var/swapfile", size: 512 }] } });
    const svc = config.systemd.services["mkswap-var-swapfile"];
    assert.deepEqual(svc.wantedBy, ["var-swapfile.swap"]);
    assert.deepEqual(svc.before, ["var-swapfile.swap"]);
    assert.match(svc.script, /count=512/);
    assert.match(config.environment.etc.fstab.text, /^\/var\/swapfile none swap defaults$/m);
  });
});
