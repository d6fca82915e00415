import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { evaluateWith } from "../../modules-library/lib/testing.ts";
import { createPackageSet, readLock } from "../packages/index.ts";
import { openStore } from "../store/index.ts";
import { kernelImagePackage, kernelVersionOf } from "../system/kernel.ts";
import { canRunSystemTests, repoDir, testStore } from "../system/testing/test-store.ts";
import { cpuModel } from "./qemu-command.ts";
import { bootLoaderVmVariant, unusedVmDrivers, vmVariant } from "./vm-variant.ts";

const modprobeConf = (config: { environment: { etc: Record<string, { text?: string | null }> } }) => config.environment.etc["modprobe.d/keel.conf"]?.text ?? "";

test("the VM variant keeps udev from loading drivers for the pc machine's unused legacy devices; a host alone does not", () => {
  const vm = modprobeConf(evaluateWith(vmVariant).config);
  for (const m of ["cfg80211", "floppy", "ata_piix", "psmouse", "pcspkr", "sha256_ssse3"]) assert.match(vm, new RegExp(`^blacklist ${m}$`, "m"));
  // What the VM does use stays loadable: its virtio devices, the power button (QEMU's
  // system_powerdown), the firewall's modules.
  for (const m of ["virtio_net", "virtio_blk", "virtio_rng", "button", "evdev", "nf_tables", "nft_ct"]) assert.doesNotMatch(vm, new RegExp(`^blacklist ${m}$`, "m"));
  assert.doesNotMatch(modprobeConf(evaluateWith({}).config), /floppy|ata_piix|psmouse/);
});

test("the activator's snapshot is made for the CPU model each VM boots under TCG; a host's for its own CPU", () => {
  assert.equal(evaluateWith(vmVariant).config.system.activatorSnapshot.emulatedCpu, cpuModel("tcg", false));
  assert.equal(evaluateWith(vmVariant, bootLoaderVmVariant).config.system.activatorSnapshot.emulatedCpu, cpuModel("tcg", true));
  assert.equal(evaluateWith({}).config.system.activatorSnapshot.emulatedCpu, null);
});

test("the VM variant runs no NTP client, as NixOS's qemu-vm.nix; a host that asks for one keeps it", () => {
  assert.equal(evaluateWith({}).config.services.timesyncd.enable, true);
  assert.equal(evaluateWith(vmVariant).config.services.timesyncd.enable, false);
  assert.equal(evaluateWith(vmVariant, { config: { services: { timesyncd: { enable: true } } } }).config.services.timesyncd.enable, true);
});

// A misspelt name in a blacklist is silently ignored by modprobe: check each against the kernel.
const skip = !canRunSystemTests && "needs root (the shared test store)";
test("every driver the VM variant leaves out is a module of the kernel it boots", { skip }, async () => {
  const store = openStore(testStore);
  const pkgs = createPackageSet({ store, lock: readLock(repoDir) });
  const image = kernelImagePackage(pkgs["linux-image-amd64"]);
  const [out] = await store.realise(image.drv);
  assert.ok(out);
  const modules = join(out, "lib/modules", kernelVersionOf(image));
  const missing = unusedVmDrivers.filter((m) => !findModule(modules, m));
  assert.deepEqual(missing, []);
});

/** Whether `<name>.ko` (any compression) is somewhere under dir; modprobe treats - and _ alike. */
function findModule(dir: string, name: string): boolean {
  const wanted = name.replace(/-/g, "_");
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (findModule(join(dir, entry.name), name)) return true;
    } else if (/\.ko(\.xz|\.zst|\.gz)?$/.test(entry.name) && entry.name.replace(/\.ko.*$/, "").replace(/-/g, "_") === wanted) return true;
  }
  return false;
}
