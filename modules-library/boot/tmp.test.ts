import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("boot.tmp.useTmpfs mounts /tmp as a size-limited tmpfs, in fstab as NixOS's mount options", () => {
  const { config } = evaluateWith({ config: { boot: { tmp: { useTmpfs: true, tmpfsSize: "2G" } } } });
  const fs = config.fileSystems["/tmp"];
  assert.equal(fs.fsType, "tmpfs");
  assert.deepEqual(fs.options, ["mode=1777", "strictatime", "rw", "nosuid", "nodev", "size=2G"]);
  assert.match(config.environment.etc.fstab.text, /^tmpfs \/tmp tmpfs mode=1777,strictatime,rw,nosuid,nodev,size=2G 0 0$/m);
});

test("boot.tmp.cleanOnBoot empties /tmp at boot only (tmpfiles D!); by default neither", () => {
  const clean = evaluateWith({ config: { boot: { tmp: { cleanOnBoot: true } } } }).config;
  assert.ok(clean.systemd.tmpfiles.rules.includes("D! /tmp 1777 root root"));
  const plain = evaluateWith({}).config;
  assert.equal(plain.fileSystems["/tmp"], undefined);
  assert.ok(!plain.systemd.tmpfiles.rules.some((r: string) => r.includes(" /tmp ")));
});

test("/tmp is never emptied by a switch: systemd's own tmp.conf replaces Debian's `D /tmp`, as NixOS ships it", () => {
  const text = evaluateWith({}).config.environment.etc["tmpfiles.d/tmp.conf"].text as string;
  assert.match(text, /^q \/tmp 1777 root root 10d$/m);
  assert.match(text, /^q \/var\/tmp 1777 root root 30d$/m);
  assert.doesNotMatch(text, /^D /m);
});
