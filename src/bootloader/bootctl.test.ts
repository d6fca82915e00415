import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { BootLoaderNotInstalledError, compareVersions, DEFAULT_LOADER_OPTIONS, installBootLoader, installedLoaderVersion, loaderVersionOf } from "./index.ts";
import { bootctlList } from "./test-support/bootctl-list.ts";
import { FixtureSystem } from "./test-support/fixture-system.ts";

test("versions compare by numeric runs", () => {
  assert.ok(compareVersions("252.39-1~deb12u2", "252.40-1") < 0);
  assert.ok(compareVersions("252.39-1~deb12u2", "000.0-1-notkeel") > 0);
  assert.ok(compareVersions("253", "252.99") > 0);
  assert.equal(compareVersions("252.39-1~deb12u2", "252.39-1~deb12u2"), 0);
});

describe("bootctl install and update on a mounted ESP", () => {
  const fx = new FixtureSystem();
  // bootctl wants the ESP to be a mount point: a tmpfs stands in for the FAT partition.
  before(() => {
    const r = spawnSync("mount", ["-t", "tmpfs", "keel-test-esp", fx.esp]);
    assert.equal(r.status, 0, String(r.stderr));
  });
  after(() => {
    spawnSync("umount", [fx.esp]);
    fx.cleanup();
  });
  const run = (install: boolean) =>
    installBootLoader({
      esp: fx.esp, stateDir: fx.stateDir, storeDir: fx.storeDir, options: DEFAULT_LOADER_OPTIONS,
      install, machineId: null, allowUnmountedEsp: true,
    });
  const available = loaderVersionOf("/usr/lib/systemd/boot/efi/systemd-bootx64.efi");

  test("without an installed systemd-boot an update asks for --install-bootloader", () => {
    fx.addGeneration(fx.toplevel({ specialisations: { vfio: { kernelParams: ["intel_iommu=on"] } } }), 1);
    assert.throws(() => run(false), BootLoaderNotInstalledError);
    assert.ok(!existsSync(join(fx.esp, "loader/entries")), "nothing was written");
  });

  test("--install-bootloader installs systemd-boot and our loader.conf replaces bootctl's", () => {
    const report = run(true);
    assert.equal(report.bootctl?.action, "installed");
    assert.ok(available, "systemd-boot-efi is installed on this machine");
    assert.equal(installedLoaderVersion(fx.esp), available);
    assert.ok(existsSync(join(fx.esp, "EFI/BOOT/BOOTX64.EFI")));
    assert.match(readFileSync(join(fx.esp, "loader/loader.conf"), "utf8"), /^default keel-generation-\*$/m);
    const r = spawnSync("bootctl", [`--esp-path=${fx.esp}`, "--no-variables", "is-installed"], { env: { ...process.env, SYSTEMD_RELAX_ESP_CHECKS: "1" }, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(bootctlList(fx.esp).entries.map((e) => e.id), ["keel-generation-1.conf", "keel-generation-1-specialisation-vfio.conf"]);
  });

  test("a later run leaves an up-to-date loader alone and updates an older one", () => {
    assert.equal(run(false).bootctl?.action, "up-to-date");
    for (const f of ["EFI/systemd/systemd-bootx64.efi", "EFI/BOOT/BOOTX64.EFI"]) {
      writeFileSync(join(fx.esp, f), "MZ fake #### LoaderInfo: systemd-boot 000.0-1-notkeel ####\n");
    }
    const report = run(false);
    assert.deepEqual(report.bootctl, { action: "updated", from: "000.0-1-notkeel", to: available });
    assert.equal(loaderVersionOf(join(fx.esp, "EFI/systemd/systemd-bootx64.efi")), available);
    assert.equal(loaderVersionOf(join(fx.esp, "EFI/BOOT/BOOTX64.EFI")), available);
  });
});
