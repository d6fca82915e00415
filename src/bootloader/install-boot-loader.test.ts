import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, test } from "node:test";
import { BrokenGenerationError, DEFAULT_LOADER_OPTIONS, EspNotFoundError, InvalidLoaderInputError, installBootLoader, type LoaderOptions, MalformedBootspecError } from "./index.ts";
import { bootctlList } from "./test-support/bootctl-list.ts";
import { FixtureSystem } from "./test-support/fixture-system.ts";

const MACHINE_ID = "0123456789abcdef0123456789abcdef";
let fx: FixtureSystem;
afterEach(() => fx?.cleanup());

function install(options: Partial<LoaderOptions> = {}) {
  return installBootLoader({
    esp: fx.esp,
    stateDir: fx.stateDir,
    storeDir: fx.storeDir,
    options: { ...DEFAULT_LOADER_OPTIONS, ...options },
    machineId: MACHINE_ID,
    rootParams: ["root=/dev/vda2"],
    bootctl: false,
    allowUnmountedEsp: true,
  });
}

const entryFiles = () => readdirSync(join(fx.esp, "loader/entries")).sort();
const kernelFiles = () => readdirSync(join(fx.esp, "EFI/keel")).sort();

describe("entries for every generation, read back by bootctl", () => {
  test("titles, versions, kernel params with init=, specialisations, default", () => {
    fx = new FixtureSystem();
    const t1 = fx.toplevel({ kernelParams: ["loglevel=4"] });
    fx.addGeneration(t1, 1);
    install();
    const t2 = fx.toplevel({ kernelParams: ["loglevel=4", "quiet"], kernel: "kernel-2\n".repeat(500), specialisations: { vfio: { kernelParams: ["intel_iommu=on", "vfio-pci.ids=10de:1b80"] } } });
    fx.addGeneration(t2, 2);
    install();

    const { entries, warnings } = bootctlList(fx.esp);
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      entries.map((e) => e.id),
      ["keel-generation-2.conf", "keel-generation-1.conf", "keel-generation-2-specialisation-vfio.conf"],
    );
    const [g2, g1, vfio] = entries;
    assert.equal(g2!.title, "Keel");
    assert.equal(vfio!.title, "Keel (vfio)");
    assert.match(g2!.version!, /^Generation 2 Keel 0\.1\.0 \(Linux 6\.1\.0-test-amd64\), built on 2026-01-02$/);
    assert.match(g1!.version!, /^Generation 1 /);
    assert.equal(g1!.options, `init=${t1}/init loglevel=4 root=/dev/vda2`);
    assert.equal(g2!.options, `init=${t2}/init loglevel=4 quiet root=/dev/vda2`);
    const vfioToplevel = readFileSync(join(t2, "boot.json"), "utf8").match(/"toplevel": "([^"]+-vfio)"/)![1];
    assert.equal(vfio!.options, `init=${vfioToplevel}/init loglevel=4 quiet intel_iommu=on vfio-pci.ids=10de:1b80 root=/dev/vda2`);
    for (const e of entries) {
      assert.equal(e.machineId, MACHINE_ID);
      assert.equal(e.missingFiles, false, `${e.id} names a missing file`);
      assert.match(e.linux!, /^\/EFI\/keel\/[0-9a-z]{32}-vmlinuz-6\.1\.0-test-amd64\.efi$/);
    }
    assert.equal(entries.filter((e) => e.isDefault).map((e) => e.id).join(), "keel-generation-2.conf");
    // Generation 1 and 2 differ in kernel only: the initrd is one shared file.
    assert.deepEqual(g1!.initrd, g2!.initrd);
    assert.notEqual(g1!.linux, g2!.linux);
    assert.equal(kernelFiles().length, 3);
    assert.equal(readFileSync(join(fx.esp, "loader/loader.conf"), "utf8"), "timeout 5\ndefault keel-generation-*\neditor yes\nconsole-mode keep\n");
  });

  test("loader.conf carries timeout, editor and console-mode; null timeout forces the menu", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel(), 1);
    install({ timeout: null, editor: false, consoleMode: "max" });
    assert.equal(readFileSync(join(fx.esp, "loader/loader.conf"), "utf8"), "timeout menu-force\ndefault keel-generation-*\neditor no\nconsole-mode max\n");
    assert.deepEqual(bootctlList(fx.esp).warnings, []);
  });
});

describe("configurationLimit and garbage", () => {
  test("keeps the newest N, removes stale entries and kernels no entry names", () => {
    fx = new FixtureSystem();
    for (let n = 1; n <= 5; n++) fx.addGeneration(fx.toplevel({ kernel: `kernel-${n}\n`.repeat(100) }), n);
    install();
    assert.equal(bootctlList(fx.esp).entries.length, 5);
    assert.equal(kernelFiles().length, 6);
    install({ configurationLimit: 2 });
    const listed = bootctlList(fx.esp).entries;
    assert.deepEqual(listed.map((e) => e.id), ["keel-generation-5.conf", "keel-generation-4.conf"]);
    assert.equal(kernelFiles().length, 3, "two kernels and the shared initrd");
    assert.ok(listed.every((e) => !e.missingFiles));
  });

  test("after a rollback the current generation keeps its entry and is the exact default", () => {
    fx = new FixtureSystem();
    for (let n = 1; n <= 4; n++) fx.addGeneration(fx.toplevel(), n);
    fx.setCurrent(1);
    install({ configurationLimit: 2 });
    const listed = bootctlList(fx.esp).entries;
    assert.deepEqual(listed.map((e) => e.id), ["keel-generation-4.conf", "keel-generation-3.conf", "keel-generation-1.conf"]);
    assert.equal(listed.find((e) => e.isDefault)?.id, "keel-generation-1.conf");
    assert.match(readFileSync(join(fx.esp, "loader/loader.conf"), "utf8"), /^default keel-generation-1\[\.\+\]\*$/m);
    // Also while generation 1's entry carries a counter (systemd-boot 252 matches the file name).
    renameSync(join(fx.esp, "loader/entries", entryFiles().find((f) => f.startsWith("keel-generation-1"))!), join(fx.esp, "loader/entries/keel-generation-1+2-1.conf"));
    assert.equal(bootctlList(fx.esp).entries.find((e) => e.isDefault)?.id, "keel-generation-1.conf");
  });

  test("a deleted generation loses its entries, specialisations included", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel({ specialisations: { vfio: { kernelParams: ["x=1"] } } }), 1);
    fx.addGeneration(fx.toplevel(), 2);
    install();
    assert.ok(entryFiles().some((f) => f.startsWith("keel-generation-1-specialisation-vfio")));
    fx.deleteGeneration(1);
    install();
    assert.deepEqual(bootctlList(fx.esp).entries.map((e) => e.id), ["keel-generation-2.conf"]);
  });

  test("entries of other systems on the ESP are left alone", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel(), 1);
    install();
    writeFileSync(join(fx.esp, "loader/entries/debian.conf"), "title Debian\nlinux /vmlinuz\n");
    install();
    assert.ok(existsSync(join(fx.esp, "loader/entries/debian.conf")));
  });
});

describe("boot counting", () => {
  test("the new generation's entries get +tries; blessed and counting states survive later runs", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel(), 1);
    install();
    assert.deepEqual(entryFiles(), ["keel-generation-1+3.conf"]);
    // systemd-bless-boot after a good boot:
    renameSync(join(fx.esp, "loader/entries/keel-generation-1+3.conf"), join(fx.esp, "loader/entries/keel-generation-1.conf"));
    fx.addGeneration(fx.toplevel({ kernelParams: ["quiet"], specialisations: { vfio: { kernelParams: ["y=2"] } } }), 2);
    install();
    assert.deepEqual(entryFiles(), ["keel-generation-1.conf", "keel-generation-2+3.conf", "keel-generation-2-specialisation-vfio+3.conf"]);
    // systemd-boot's first attempt at generation 2:
    renameSync(join(fx.esp, "loader/entries/keel-generation-2+3.conf"), join(fx.esp, "loader/entries/keel-generation-2+2-1.conf"));
    install();
    assert.ok(entryFiles().includes("keel-generation-2+2-1.conf"), "the counter is systemd-boot's state: never reset");
    const listed = bootctlList(fx.esp).entries;
    assert.equal(listed.find((e) => e.id === "keel-generation-2.conf")?.triesLeft, 2);
    assert.equal(listed.find((e) => e.id === "keel-generation-2.conf")?.triesDone, 1);
  });

  test("a generation whose tries are used up is skipped: the previous one is the default", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel(), 1);
    install();
    fx.addGeneration(fx.toplevel({ kernelParams: ["broken"], specialisations: { vfio: { kernelParams: ["z=3"] } } }), 2);
    install();
    assert.equal(bootctlList(fx.esp).entries.find((e) => e.isDefault)?.id, "keel-generation-2.conf");
    // Three boots that never reached boot-complete.target:
    renameSync(join(fx.esp, "loader/entries/keel-generation-2+3.conf"), join(fx.esp, "loader/entries/keel-generation-2+0-3.conf"));
    const listed = bootctlList(fx.esp).entries;
    assert.equal(listed.find((e) => e.isDefault)?.id, "keel-generation-1.conf");
    assert.equal(listed.at(-1)?.id, "keel-generation-2.conf", "a bad entry sorts last");
    // Re-running the installer (same profile) does not revive the bad entry.
    install();
    assert.equal(bootctlList(fx.esp).entries.find((e) => e.isDefault)?.id, "keel-generation-1.conf");
  });

  test("disabled: plain names", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel(), 1);
    install({ bootCounting: { enable: false, tries: 3 } });
    assert.deepEqual(entryFiles(), ["keel-generation-1.conf"]);
  });
});

describe("bad input changes nothing", () => {
  const snapshot = () => JSON.stringify([entryFiles(), kernelFiles(), readFileSync(join(fx.esp, "loader/loader.conf"), "utf8")]);

  test("a malformed boot.json names the file", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel(), 1);
    install();
    const before = snapshot();
    const t2 = fx.toplevel();
    writeFileSync(join(t2, "boot.json"), '{"org.nixos.bootspec.v1": {"init": 3}}');
    fx.addGeneration(t2, 2);
    assert.throws(() => install(), (e: unknown) => e instanceof MalformedBootspecError && e.file === join(t2, "boot.json") && /org\.nixos\.bootspec\.v1\.init/.test(e.message));
    assert.equal(snapshot(), before);
  });

  test("a generation whose kernel is gone", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel(), 1);
    install();
    const before = snapshot();
    const t2 = fx.toplevel({ kernel: "only-here" });
    const kernel = JSON.parse(readFileSync(join(t2, "boot.json"), "utf8"))["org.nixos.bootspec.v1"].kernel as string;
    renameSync(kernel, `${kernel}.gone`);
    fx.addGeneration(t2, 2);
    assert.throws(() => install(), (e: unknown) => e instanceof BrokenGenerationError && e.link.endsWith("system-2-link"));
    assert.equal(snapshot(), before);
  });

  test("machine id, root params, ESP", () => {
    fx = new FixtureSystem();
    fx.addGeneration(fx.toplevel(), 1);
    const base = { esp: fx.esp, stateDir: fx.stateDir, storeDir: fx.storeDir, options: DEFAULT_LOADER_OPTIONS, bootctl: false as const, allowUnmountedEsp: true };
    assert.throws(() => installBootLoader({ ...base, machineId: "nope" }), InvalidLoaderInputError);
    assert.throws(() => installBootLoader({ ...base, rootParams: ["root=/dev/vda2 rw"] }), InvalidLoaderInputError);
    assert.throws(() => installBootLoader({ ...base, esp: join(fx.root, "absent") }), (e: unknown) => e instanceof EspNotFoundError && e.reason === "missing");
    assert.throws(() => installBootLoader({ ...base, allowUnmountedEsp: false }), (e: unknown) => e instanceof EspNotFoundError && e.reason === "not-mounted");
    assert.deepEqual(readdirSync(fx.esp), []);
  });
});
