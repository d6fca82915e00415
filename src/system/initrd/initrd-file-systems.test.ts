import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { initrdMounts, initrdSource } from "./initrd-file-systems.ts";
import { stage1InitScript } from "./stage-1-init.ts";

describe("stage 1's file systems", () => {
  test("udev's by-label and by-uuid links become findfs tags (udev's \\x escapes undone)", () => {
    assert.equal(initrdSource("/dev/disk/by-uuid/3f6e9a52-8d1c-4b7e-a0c4-5e2d91f7b318"), "UUID=3f6e9a52-8d1c-4b7e-a0c4-5e2d91f7b318");
    assert.equal(initrdSource("/dev/disk/by-label/alice\\x20files"), "LABEL=alice files");
    assert.equal(initrdSource("/dev/vda"), "/dev/vda");
    assert.equal(initrdSource("tmpfs"), "tmpfs");
  });

  test("fstab-only options are dropped, the device timeout is read, auto probes, bind is noticed", () => {
    const [root, data, bind] = initrdMounts([
      { mountPoint: "/", device: "/dev/disk/by-uuid/abc", fsType: "ext4", options: ["x-initrd.mount", "noatime", "nofail"] },
      { mountPoint: "/var", device: "/dev/vdb", fsType: "auto", options: ["defaults", "x-systemd.device-timeout=2min", "_netdev"] },
      { mountPoint: "/etc", device: "/persist/etc", fsType: "none", options: ["bind", "x-systemd.device-timeout=500ms"] },
    ]);
    assert.deepEqual(root, { mountPoint: "/", source: "UUID=abc", fsType: "ext4", options: "noatime", waitSeconds: 20, bind: false });
    assert.deepEqual(data, { mountPoint: "/var", source: "/dev/vdb", fsType: "", options: "", waitSeconds: 120, bind: false });
    assert.equal(bind?.bind, true);
    assert.equal(bind?.waitSeconds, 1);
    assert.equal(bind?.options, "bind");
  });

  test("the script is valid busybox sh, mounts the configured root and then the rest, in order", () => {
    const script = stage1InitScript(["kernel/fs/ext4/ext4.ko"], "6.1.0-test", "/keel/store", initrdMounts([
      { mountPoint: "/", device: "/dev/disk/by-uuid/abc", fsType: "ext4", options: ["x-initrd.mount"] },
      { mountPoint: "/var", device: "/dev/disk/by-label/it's var", fsType: "xfs", options: ["x-initrd.mount"] },
      { mountPoint: "/var/log", device: "tmpfs", fsType: "tmpfs", options: ["size=64M"] },
    ]));
    const dir = mkdtempSync(join(tmpdir(), "keel-stage1-"));
    try {
      writeFileSync(join(dir, "init"), script);
      const r = spawnSync("sh", ["-n", join(dir, "init")], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.match(script, /^root_source='UUID=abc'; root_type='ext4'; root_options=''; root_wait=20$/m);
    const varAt = script.indexOf(`mount_fs '/var' 'LABEL=it'\\''s var' 'xfs' '' 20 0`);
    const logAt = script.indexOf("mount_fs '/var/log' 'tmpfs' 'tmpfs' 'size=64M' 20 0");
    assert.ok(varAt > 0 && logAt > varAt, script);
    assert.ok(script.indexOf("keel.store") < varAt, "the store share comes right after root");
  });

  test("without a configured root, root= stays required", () => {
    const script = stage1InitScript([], "6.1.0-test", "/keel/store", []);
    assert.match(script, /^root_source=; root_type=; root_options=; root_wait=20$/m);
    assert.match(script, /no root file system: the configuration declares no fileSystems\."\/" and the kernel command line has no root=/);
  });
});
