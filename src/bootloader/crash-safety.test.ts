import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { encodeBase32 } from "../store/index.ts";
import { DEFAULT_LOADER_OPTIONS, installBootLoader } from "./index.ts";
import { bootctlList } from "./test-support/bootctl-list.ts";
import { FixtureSystem } from "./test-support/fixture-system.ts";

const fx = new FixtureSystem();
after(() => fx.cleanup());

/** Runs the writer until it has started, lets it work for a random while, kills it with SIGKILL. */
function killWriterAt(delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "test-support/crash-writer.ts"), fx.esp, fx.stateDir, fx.storeDir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.once("data", () => setTimeout(() => child.kill("SIGKILL"), delayMs));
    child.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`writer exited by itself: ${code}`))));
  });
}

test("a writer killed at random points never leaves an entry or loader.conf bootctl cannot parse", async () => {
  // Kernels of a few MiB each, so kills land inside copies too.
  for (let n = 1; n <= 4; n++) {
    fx.addGeneration(fx.toplevel({ kernel: `kernel-${n}-`.repeat(400_000), specialisations: n % 2 ? { vfio: { kernelParams: ["intel_iommu=on"] } } : {} }), n);
  }
  // Every complete entry text the writer can produce, by entry id: anything else is a torn file.
  const expected = new Map<string, string>();
  for (const limit of [null, 2]) {
    const plan = installBootLoader({
      esp: fx.esp, stateDir: fx.stateDir, storeDir: fx.storeDir, options: { ...DEFAULT_LOADER_OPTIONS, configurationLimit: limit },
      machineId: "0123456789abcdef0123456789abcdef", rootParams: ["root=/dev/vda2"], bootctl: false, allowUnmountedEsp: true, dryRun: true,
    }).plan;
    for (const e of plan.entries) expected.set(`${e.id}.conf`, e.text);
  }
  const rounds = 25;
  let sawPartialState = 0;
  for (let round = 0; round < rounds; round++) {
    await killWriterAt(Math.floor(Math.random() * 900));
    const { entries, warnings } = bootctlList(fx.esp);
    assert.deepEqual(warnings, [], `round ${round}: bootctl warned`);
    assert.ok(entries.length >= 3, `round ${round}: only ${entries.length} entries`);
    assert.equal(entries.filter((e) => e.isDefault).length, 1, `round ${round}: no default entry`);
    for (const e of entries) {
      assert.equal(readFileSync(e.path, "utf8"), expected.get(e.id), `round ${round}: ${e.path} is not a complete entry`);
      assert.equal(e.missingFiles, false, `round ${round}: ${e.id} names a missing kernel or initrd`);
      for (const file of [e.linux!, ...[e.initrd ?? []].flat()]) {
        const bytes = readFileSync(join(fx.esp, file));
        const hash = encodeBase32(createHash("sha256").update(bytes).digest().subarray(0, 20));
        assert.ok(file.includes(`/${hash}-`), `round ${round}: ${file} does not hold the content its name says`);
      }
    }
    // Files no entry names yet (copied ahead of their entry) must be whole too: a later run trusts the name.
    for (const name of readdirSync(join(fx.esp, "EFI/keel")).filter((n) => !n.endsWith(".keel-tmp"))) {
      const hash = encodeBase32(createHash("sha256").update(readFileSync(join(fx.esp, "EFI/keel", name))).digest().subarray(0, 20));
      assert.ok(name.startsWith(`${hash}-`), `round ${round}: EFI/keel/${name} is torn`);
    }
    const conf = readFileSync(join(fx.esp, "loader/loader.conf"), "utf8");
    assert.match(conf, /^timeout [0-2]\ndefault keel-generation-\*\neditor (yes|no)\nconsole-mode keep\n$/, `round ${round}: loader.conf`);
    if (readdirSync(join(fx.esp, "loader/entries")).some((n) => n.endsWith(".keel-tmp")) || readdirSync(join(fx.esp, "EFI/keel")).some((n) => n.endsWith(".keel-tmp"))) {
      sawPartialState++;
    }
  }
  // The kills must really land mid-write sometimes, or this test proves nothing.
  assert.ok(sawPartialState > 0, "no kill interrupted a write; lengthen the writer's work");
  // And the next run cleans up after them.
  installBootLoader({ esp: fx.esp, stateDir: fx.stateDir, storeDir: fx.storeDir, options: DEFAULT_LOADER_OPTIONS, bootctl: false, allowUnmountedEsp: true, machineId: null });
  assert.ok(!readdirSync(join(fx.esp, "EFI/keel")).some((n) => n.endsWith(".keel-tmp")));
});
