import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FixtureSystem } from "../../bootloader/test-support/fixture-system.ts";

const main = join(import.meta.dirname, "..", "main.ts");

describe("rebuild bootloader", () => {
  const fx = new FixtureSystem();
  before(() => {
    fx.addGeneration(fx.toplevel({ specialisations: { vfio: { kernelParams: ["intel_iommu=on"] } } }), 1);
    fx.addGeneration(fx.toplevel({ kernelParams: ["quiet"] }), 2);
  });
  after(() => {
    spawnSync("umount", [fx.esp]);
    fx.cleanup();
  });
  const rebuild = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", main, "bootloader", ...args, "--store-dir", fx.storeDir, "--state-dir", fx.stateDir], {
      encoding: "utf8",
      // bootctl accepts a tmpfs as the ESP only with relaxed checks; the real partition is FAT.
      env: { ...process.env, SYSTEMD_RELAX_ESP_CHECKS: "1" },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test("an ESP that is not a mounted partition is refused, naming the option", () => {
    const r = rebuild("update", "--esp", fx.esp);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: boot\.loader\.efi\.efiSysMountPoint = '.*esp' is not a mounted partition/);
    assert.deepEqual(readdirSync(fx.esp), []);
  });

  test("install puts systemd-boot and the entries on the ESP; --dry-run and --json describe them", () => {
    assert.equal(spawnSync("mount", ["-t", "tmpfs", "keel-cli-esp", fx.esp]).status, 0);
    const dry = rebuild("install", "--esp", fx.esp, "--root-param", "root=/dev/vda2", "--dry-run");
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout, "would write loader/entries/keel-generation-1.conf\nwould write loader/entries/keel-generation-1-specialisation-vfio.conf\nwould write loader/entries/keel-generation-2.conf\ndefault keel-generation-*\n");
    assert.deepEqual(readdirSync(fx.esp), []);
    const r = rebuild("install", "--esp", fx.esp, "--root-param", "root=/dev/vda2", "--machine-id", "0123456789abcdef0123456789abcdef", "--json");
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.bootctl.action, "installed");
    assert.deepEqual(report.entries.map((e: { file: string }) => e.file), ["keel-generation-1.conf", "keel-generation-1-specialisation-vfio.conf", "keel-generation-2+3.conf"]);
    const again = rebuild("update", "--esp", fx.esp, "--root-param", "root=/dev/vda2", "--machine-id", "0123456789abcdef0123456789abcdef");
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, "3 boot entries; default keel-generation-*\n", "nothing to change the second time");
  });
});
