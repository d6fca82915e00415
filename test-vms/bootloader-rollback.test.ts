// QEMU scenario (issue 6): a UEFI disk with systemd-boot and Keel's entries boots the default
// generation, an older generation and a specialisation by their menu entries, and falls back to
// the previous generation when a new one never reaches boot-complete.target (boot counting).
// About ten minutes under TCG: five boots. Needs root, qemu-system-x86, ovmf, mtools, dosfstools.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { type BootDiskLayout, buildBootDisk, readEspFromDisk, writeEspIntoDisk } from "../src/bootloader/boot-disk.ts";
import { listFatDir } from "../src/bootloader/esp-image.ts";
import { DEFAULT_LOADER_OPTIONS, installBootLoader, type LoaderOptions } from "../src/bootloader/index.ts";
import { bootctlList } from "../src/bootloader/test-support/bootctl-list.ts";
import { resolveStoreDir } from "../src/store/index.ts";
import { buildScenarioHost } from "./bootloader-support/scenario-hosts.ts";
import { qemuAvailable, type UefiMachine as Machine, UefiMachine } from "./bootloader-support/uefi-machine.ts";

const MACHINE_ID = "4b6565c0b0071a10ade4b6565c0b0071";
// Must match test-vms/bootloader-hosts/common.ts: the menu waits for a key, one try per new generation.
const OPTIONS: LoaderOptions = { ...DEFAULT_LOADER_OPTIONS, timeout: null, bootCounting: { enable: true, tries: 1 } };
const ROOT_PARAMS = ["root=/dev/vda2"];

const work = mkdtempSync(join(tmpdir(), "keel-bootloader-vm-"));
after(() => (process.env.KEEL_KEEP_VM_STATE ? process.stderr.write(`VM state kept in ${work}\n`) : rmSync(work, { recursive: true, force: true })));

describe("bootloader-rollback (QEMU, UEFI, systemd-boot)", { skip: !qemuAvailable() && "qemu-system-x86_64 or OVMF missing" }, () => {
  const storeDir = resolveStoreDir();
  let gens: { toplevel: string; closure: string[] }[] = [];
  let vfio = "";
  let layout: BootDiskLayout;
  let machine: Machine;
  const entriesOnDisk = () => listFatDir(layout.image, "/loader/entries", layout.espOffset);
  let peeks = 0;
  /** The ESP as the firmware will read it, through systemd's own parser (same order as the menu). */
  const listDisk = () => {
    const dir = join(work, `esp-peek-${++peeks}`);
    readEspFromDisk(layout, dir);
    return bootctlList(dir).entries;
  };
  /** Menu keys from the highlighted default to the entry `id`, then Enter. */
  const keysFor = (id: string) => {
    const entries = listDisk();
    const from = entries.findIndex((e) => e.isDefault);
    const to = entries.findIndex((e) => e.id === id);
    assert.ok(from >= 0 && to >= 0, `menu has no ${id} or no default: ${entries.map((e) => e.id).join(" ")}`);
    return [...Array<string>(Math.abs(to - from)).fill(to > from ? "down" : "up"), "ret"];
  };

  test("build generations 1, 2 (with a vfio specialisation) and 3 (fails its health check), and a disk with 1 and 2", async () => {
    gens = [await buildScenarioHost("gen1"), await buildScenarioHost("gen2"), await buildScenarioHost("gen3-broken")];
    const closure = [...new Set(gens.flatMap((g) => g.closure))];
    const built = buildBootDisk({
      image: join(work, "disk.img"), generations: [gens[0]!.toplevel, gens[1]!.toplevel], closure, storeDir,
      options: OPTIONS, rootParams: ROOT_PARAMS, machineId: MACHINE_ID,
    });
    layout = built.layout;
    machine = new UefiMachine(layout.image, work);
    vfio = JSON.parse(readFileSync(join(gens[1]!.toplevel, "boot.json"), "utf8"))["org.nixos.specialisation.v1"].vfio["org.nixos.bootspec.v1"].toplevel;
    assert.deepEqual(entriesOnDisk(), ["keel-generation-1.conf", "keel-generation-2+1.conf", "keel-generation-2-specialisation-vfio+1.conf"]);
  });

  test("the default entry boots generation 2, which is blessed", async () => {
    assert.equal(listDisk().find((e) => e.isDefault)?.id, "keel-generation-2.conf");
    const { report, serial } = await machine.boot(["ret"]);
    assert.ok(report, `no report; serial tail:\n${serial.slice(-2000)}`);
    assert.equal(report.booted, gens[1]!.toplevel);
    // systemd-boot 252 reports the file name it loaded, counter included.
    assert.equal(report.entry, "keel-generation-2+1.conf");
    assert.match(report.cmdline, new RegExp(`init=${gens[1]!.toplevel}/init .*root=/dev/vda2`));
    assert.equal(report.failed, "", "no unit failed");
    assert.equal(report.bless, "active");
    assert.ok(entriesOnDisk().includes("keel-generation-2.conf"), `not blessed: ${entriesOnDisk().join(" ")}`);
  });

  test("the older generation's entry boots generation 1", async () => {
    const { report, serial } = await machine.boot(keysFor("keel-generation-1.conf"));
    assert.ok(report, `no report; serial tail:\n${serial.slice(-2000)}`);
    assert.equal(report.booted, gens[0]!.toplevel);
    assert.equal(report.entry, "keel-generation-1.conf");
  });

  test("the vfio specialisation's entry boots with its kernel parameters", async () => {
    const { report, serial } = await machine.boot(keysFor("keel-generation-2-specialisation-vfio.conf"));
    assert.ok(report, `no report; serial tail:\n${serial.slice(-2000)}`);
    assert.equal(report.booted, vfio);
    assert.equal(report.entry, "keel-generation-2-specialisation-vfio+1.conf");
    for (const p of ["intel_iommu=on", "vfio-pci.ids=10de:1b80,10de:10f0", `init=${vfio}/init`]) assert.ok(report.cmdline.includes(p), `${p} not in ${report.cmdline}`);
  });

  test("generation 3 is installed with one try; its boot is not blessed", async () => {
    const esp = join(work, "esp-stage");
    readEspFromDisk(layout, esp);
    const stateDir = join(work, "state");
    mkdirSync(join(stateDir, "profiles"), { recursive: true });
    for (const [i, g] of gens.entries()) symlinkSync(g.toplevel, join(stateDir, "profiles", `system-${i + 1}-link`));
    symlinkSync("system-3-link", join(stateDir, "profiles/system"));
    installBootLoader({ esp, stateDir, storeDir, options: OPTIONS, rootParams: ROOT_PARAMS, machineId: MACHINE_ID, bootctl: false, allowUnmountedEsp: true });
    writeEspIntoDisk(layout, esp);
    assert.ok(entriesOnDisk().includes("keel-generation-3+1.conf"));

    const { report, serial } = await machine.boot(["ret"]);
    assert.ok(report, `no report; serial tail:\n${serial.slice(-2000)}`);
    assert.equal(report.booted, gens[2]!.toplevel);
    assert.notEqual(report.bless, "active");
    assert.ok(entriesOnDisk().includes("keel-generation-3+0-1.conf"), `systemd-boot did not count the try: ${entriesOnDisk().join(" ")}`);
  });

  test("the next boot falls back to generation 2 by boot counting", async () => {
    const listed = listDisk();
    assert.equal(listed.find((e) => e.isDefault)?.id, "keel-generation-2.conf");
    assert.equal(listed.at(-1)?.id, "keel-generation-3.conf", "the failed generation sorts last");
    const { report, serial } = await machine.boot(["ret"]);
    assert.ok(report, `no report; serial tail:\n${serial.slice(-2000)}`);
    assert.equal(report.booted, gens[1]!.toplevel);
    assert.equal(report.entry, "keel-generation-2.conf");
  });
});
