import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, test } from "node:test";
import { DEFAULT_LOADER_OPTIONS, installBootLoader } from "./index.ts";
import { readGenerationBootspec } from "./read-bootspec.ts";
import { FixtureSystem } from "./test-support/fixture-system.ts";

let fx: FixtureSystem;
afterEach(() => fx?.cleanup());

const install = (rootParams: string[] = []) =>
  installBootLoader({
    esp: fx.esp,
    stateDir: fx.stateDir,
    storeDir: fx.storeDir,
    options: DEFAULT_LOADER_OPTIONS,
    machineId: "0123456789abcdef0123456789abcdef",
    rootParams,
    bootctl: false,
    allowUnmountedEsp: true,
  });

describe("entries of generations that declare their root file system", () => {
  test("need no root=: no warning, and the entry carries none", () => {
    fx = new FixtureSystem();
    const t = fx.toplevel({ rootFileSystem: { device: "/dev/disk/by-uuid/3f6e9a52", fsType: "ext4" }, specialisations: { vfio: { kernelParams: ["iommu=pt"] } } });
    fx.addGeneration(t, 1);
    assert.equal(readGenerationBootspec(t).declaresRoot, true);
    const report = install();
    assert.deepEqual(report.warnings, []);
    const [entry] = readdirSync(join(fx.esp, "loader/entries"));
    assert.match(readFileSync(join(fx.esp, "loader/entries", entry ?? "none"), "utf8"), new RegExp(`^options init=${t}/init loglevel=4$`, "m"));
  });

  test("a generation without fileSystems.\"/\" and without root= is named in a warning (its entry is still written)", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel(), 1);
    fx.addGeneration(fx.toplevel({ rootFileSystem: { device: "/dev/vda", fsType: "ext4" } }), 2);
    const report = install();
    assert.equal(report.warnings.length, 1);
    assert.match(report.warnings[0] ?? "", /^generation 1 declares no fileSystems\."\/" and its entry has no root= parameter: it would not find its root file system at boot\. Declare fileSystems\."\/" in the configuration, or pass --root-param root=<device>\.$/);
    assert.deepEqual(report.entries.length, 2);
    assert.deepEqual(install(["root=/dev/vda2"]).warnings, [], "--root-param root= covers it");
  });
});
