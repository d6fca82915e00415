// nspawn scenario: switching generations whose fileSystems differ mounts, remounts, restarts and
// unmounts against the real systemd of the closure (reference §3.8): the generated /etc/fstab,
// systemd-fstab-generator at daemon-reload, and switch-to-configuration's fstab diff together.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { defineModule } from "../src/modules/index.ts";
import { canRunSystemTests, testStore } from "../src/system/testing/test-store.ts";
import { NspawnMachine, nspawnAvailable } from "../src/vm/nspawn-machine.ts";
import { buildDemoWith } from "./support/vm-test.ts";

// tmpfs needs no device: systemd-fstab-generator skips device entries in a container.
const withMounts = (fileSystems: Record<string, unknown>) => defineModule({ config: { fileSystems } });
/** A: no extra mounts. */
const genA = withMounts({});
/** B: two tmpfs mounts appear, one with a blank in its path. */
const genB = withMounts({
  "/mnt/scratch": { fsType: "tmpfs", options: ["size=16M", "mode=0755"] },
  "/mnt/my scratch": { device: "scratchfs", fsType: "tmpfs", options: ["size=8M"] },
});
/** C: new options for one (a remount keeps its files), a new device for the other (a restart empties it). */
const genC = withMounts({
  "/mnt/scratch": { fsType: "tmpfs", options: ["size=32M", "mode=0755"] },
  "/mnt/my scratch": { device: "otherfs", fsType: "tmpfs", options: ["size=8M"] },
});

const build = buildDemoWith;

describe("switching mounts in systemd-nspawn", { skip: !(canRunSystemTests && nspawnAvailable()) && "needs root and systemd-nspawn" }, () => {
  let machine: NspawnMachine;
  let a: string;
  let b: string;
  let c: string;
  const scratch: string[] = [];
  const switchTo = (toplevel: string) => machine.execute(`${toplevel}/bin/switch-to-configuration switch 2>&1`, 180_000);
  /** `<source> <fstype> <options>` of a mount point from /proc/self/mounts ('\040' for a blank), or "" when nothing is mounted there. */
  const mounted = async (path: string) =>
    (await machine.succeed(`while read -r s d t o _; do [ "$d" = '${path.replaceAll(" ", "\\040")}' ] && echo "$s $t $o"; done < /proc/self/mounts; true`)).trim();

  before(async () => {
    a = await build(genA);
    b = await build(genB);
    c = await build(genC);
    const rootDir = mkdtempSync(join("/var/tmp", "keel-switch-mounts-"));
    scratch.push(rootDir);
    machine = NspawnMachine.start({ toplevel: a, storeDir: testStore.storeDir, rootDir, name: "keel-switch-mounts" });
    await machine.waitUntilSucceeds("systemctl is-system-running --wait >/dev/null; s=$(systemctl is-system-running); [ \"$s\" = running ] || [ \"$s\" = degraded ]", 90_000);
  });
  after(async () => {
    await machine?.shutdown();
    if (!process.env.KEEL_KEEP_VM_STATE) for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  test("new fileSystems entries are mounted by the switch (local-fs.target pulls in the generated units)", async () => {
    assert.equal(await mounted("/mnt/scratch"), "");
    const r = await switchTo(b);
    assert.equal(r.status, 0, r.stdout);
    assert.match(await mounted("/mnt/scratch"), /^tmpfs tmpfs rw,.*size=16384k/);
    assert.match(await mounted("/mnt/my scratch"), /^scratchfs tmpfs rw,.*size=8192k/);
    assert.equal((await machine.succeed("systemctl is-active 'mnt-my\\x20scratch.mount'")).trim(), "active");
    assert.match(await machine.succeed("cat /etc/fstab"), /^scratchfs \/mnt\/my\\040scratch tmpfs size=8M 0 0$/m);
  });

  test("changed options remount in place (files stay); a changed device restarts the mount (a fresh tmpfs)", async () => {
    await machine.succeed("echo kept > /mnt/scratch/file && echo gone > '/mnt/my scratch/file'");
    const dry = await machine.execute(`${c}/bin/switch-to-configuration dry-activate --json`);
    const plan = JSON.parse(dry.stdout);
    assert.deepEqual(plan.units.reload, ["mnt-scratch.mount"]);
    assert.deepEqual(plan.units.restart, ["mnt-my\\x20scratch.mount"]);
    const r = await switchTo(c);
    assert.equal(r.status, 0, r.stdout);
    assert.match(await mounted("/mnt/scratch"), /size=32768k/);
    assert.equal((await machine.succeed("cat /mnt/scratch/file")).trim(), "kept");
    assert.match(await mounted("/mnt/my scratch"), /^otherfs tmpfs /);
    assert.equal((await machine.execute("test -e '/mnt/my scratch/file'")).status, 1, "the restarted mount is a new tmpfs");
  });

  test("removed entries are unmounted", async () => {
    const r = await switchTo(a);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^stopping the following units: mnt-my\\x20scratch\.mount, mnt-scratch\.mount$/m);
    assert.equal(await mounted("/mnt/scratch"), "");
    assert.equal(await mounted("/mnt/my scratch"), "");
    assert.doesNotMatch(await machine.succeed("cat /etc/fstab"), /scratch/);
  });
});
