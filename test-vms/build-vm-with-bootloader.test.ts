// QEMU scenario: `rebuild build-vm-with-bootloader`'s run script, as a user runs it: OVMF loads
// systemd-boot from the generated disk image, systemd-boot the generation's entry, and the demo
// reaches multi-user.target. (The bootloader scenario builds its disks in the test; this one
// pins the user-facing script, its CPU model and its disk overlay.)
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { repoDir, testStore } from "../src/system/testing/test-store.ts";
import { buildVm } from "../src/vm/build-vm.ts";
import { qemuSkipReason } from "./support/vm-test.ts";

const BOOT_TIMEOUT_MS = 420_000;

/** Runs the script until `done` matches the console (or the time is up); returns the console. */
function runUntil(script: string, cwd: string, done: RegExp): Promise<{ console: string; matched: boolean }> {
  return new Promise((resolve) => {
    const child = spawn("bash", [script], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, KEEL_QEMU_ACCEL: "tcg" }, detached: true });
    let text = "";
    let settled = false;
    const finish = (matched: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      resolve({ console: text, matched });
    };
    const timer = setTimeout(() => finish(false), BOOT_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (done.test(text)) finish(true);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", () => finish(done.test(text)));
  });
}

describe("build-vm-with-bootloader: the run script boots the demo through OVMF and systemd-boot", { skip: qemuSkipReason() }, () => {
  const work = mkdtempSync(join(tmpdir(), "keel-bvwb-"));
  after(() => rmSync(work, { recursive: true, force: true }));

  test("the image holds the generation; the script creates its overlay and boots to multi-user.target", { timeout: BOOT_TIMEOUT_MS + 300_000 }, async () => {
    const built = await buildVm({ repoDir, host: "demo", ...testStore, bootloader: true, imageDir: work, outLink: null });
    assert.ok(built.bootImage && existsSync(built.bootImage), "the boot disk image exists");
    const run = await runUntil(built.runScript, work, /Reached target.*multi-user\.target/);
    const tail = run.console.split("\n").slice(-25).join("\n");
    assert.ok(run.matched, `no multi-user.target within ${BOOT_TIMEOUT_MS / 1000} s; console tail:\n${tail}`);
    assert.match(run.console, /creating the VM's disk .*demo\.qcow2 \(an overlay over/);
    assert.match(run.console, /keel stage 1: mounted \/dev\/vda2 on \//);
    // The activator started from the snapshot built for the firmware boot's CPU model, never refused.
    assert.doesNotMatch(run.console, /did not start the activator from its snapshot/);
    assert.ok(existsSync(join(work, "demo.qcow2")), "the overlay disk is in the working directory");
    assert.ok(existsSync(join(work, "demo-efi-vars.fd")), "the EFI variables are in the working directory");
  });
});
