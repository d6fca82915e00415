// nspawn scenario (issue 5): switch-to-configuration against the real systemd of the closure.
// One booted machine, several switches in sequence; each step names the behaviour it pins.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { addGeneration, readGenerations, rollbackGeneration, switchCommandLine } from "../src/activation/index.ts";
import { defineModule } from "../src/modules/index.ts";
import { canRunSystemTests, testStore } from "../src/system/testing/test-store.ts";
import { NspawnMachine, nspawnAvailable } from "../src/vm/nspawn-machine.ts";
import { buildDemoWith } from "./support/vm-test.ts";

const daemon = (env: string, extra: Record<string, unknown> = {}) => ({
  wantedBy: ["multi-user.target"],
  environment: { VARIANT: env },
  script: "exec sleep infinity",
  ...extra,
});

/**
 * A generation: the demo host plus the services the switches below exercise, in variant `v`
 * (a changed variant changes the unit's environment, hence its text), and `extra` services.
 */
const generation = (v: string, extra: Record<string, unknown>) =>
  defineModule({
    config: {
      systemd: {
        services: {
          "svc-changed": daemon(v),
          "svc-untouched": daemon("same"),
          "svc-restart": daemon(v, { stopIfChanged: false }),
          "svc-reload": daemon(v, { reloadIfChanged: true, reload: "echo reloaded >> /run/svc-reload.log" }),
          ...extra,
        },
        sockets: { "svc-sock": { wantedBy: ["sockets.target"], listenStreams: ["/run/svc-sock.sock"] } },
      },
    },
  });

/** Generation A: the starting point; svc-gone is removed later. */
const genA = generation("a", { "svc-gone": daemon("a"), "svc-sock": daemon("a", { wantedBy: [] }) });
/** Generation B: one service changed each way, one removed, one new. */
const genB = generation("b", { "svc-new": daemon("b"), "svc-sock": daemon("b", { wantedBy: [] }) });
/** Generation C: B plus new services that fail. */
const genC = generation("b", {
  "svc-new": daemon("b"),
  "svc-fail": { wantedBy: ["multi-user.target"], serviceConfig: { Type: "oneshot" }, script: "echo failing on purpose; exit 3" },
  // A long-running service that dies just after starting: its start job succeeds; the settle step must still catch it.
  "svc-crash": { wantedBy: ["multi-user.target"], script: "sleep 0.1; exit 5" },
  "svc-sock": daemon("c", { wantedBy: [] }),
});
/** Generation D: B with another kernel parameter (only a reboot applies it) and a system.conf (PID 1 re-executes). */
const genD = defineModule({
  imports: [genB],
  config: {
    boot: { kernelParams: ["keel.test=1"] },
    environment: { etc: { "systemd/system.conf": { text: "[Manager]\nDefaultTimeoutStopSec=42s\n" } } },
  },
});

const build = buildDemoWith;

describe("switch-to-configuration in systemd-nspawn", { skip: !(canRunSystemTests && nspawnAvailable()) && "needs root and systemd-nspawn" }, () => {
  let machine: NspawnMachine;
  let a: string;
  let b: string;
  let c: string;
  let d: string;
  const invocation = async (unit: string) => (await machine.succeed(`systemctl show -P InvocationID ${unit}`)).trim();
  const state = async (unit: string) => (await machine.execute(`systemctl is-active ${unit}`)).stdout.trim();
  const switchTo = (toplevel: string, action = "switch", env = "") => machine.execute(`${env} ${toplevel}/bin/switch-to-configuration ${action} 2>&1`, 180_000);
  const ids = async () => {
    const out: Record<string, string> = {};
    for (const u of ["svc-changed", "svc-untouched", "svc-restart", "svc-reload", "sshd", "hello", "systemd-journald"]) out[u] = await invocation(`${u}.service`);
    return out;
  };

  before(async () => {
    a = await build(genA);
    b = await build(genB);
    c = await build(genC);
    d = await build(genD);
    const rootDir = mkdtempSync(join("/var/tmp", "keel-switch-"));
    scratch.push(rootDir);
    machine = NspawnMachine.start({ toplevel: a, storeDir: testStore.storeDir, rootDir, name: "keel-switch-test" });
    await machine.waitUntilSucceeds("systemctl is-system-running --wait >/dev/null; s=$(systemctl is-system-running); [ \"$s\" = running ] || [ \"$s\" = degraded ]", 90_000);
  });
  const scratch: string[] = [];
  after(async () => {
    await machine?.shutdown();
    if (!process.env.KEEL_KEEP_VM_STATE) for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  /** The command `rebuild` runs on a live machine: the switch inside a transient unit (systemd-run --pipe). */
  const viaRebuild = (toplevel: string) => {
    const [program, args] = switchCommandLine(toplevel, "/", ["switch"], { systemdRunning: true });
    return machine.execute(`${[program, ...args].map((x) => `'${x}'`).join(" ")} 2>&1`, 180_000);
  };

  test("switching to the running generation touches nothing (run as rebuild runs it, in a transient unit)", async () => {
    const before = await ids();
    const r = await viaRebuild(a);
    assert.equal(r.status, 0, r.stdout);
    assert.doesNotMatch(r.stdout, /stopping|restarting the following|reloading the following|starting the following|new units|restarting systemd/);
    assert.deepEqual(await ids(), before);
  });

  test("dry-activate predicts the switch; exactly the changed units are acted on", async () => {
    const dry = await machine.execute(`${b}/bin/switch-to-configuration dry-activate --json`);
    assert.equal(dry.status, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout);
    assert.equal((await machine.succeed("readlink /run/current-system")).trim(), a, "dry-activate changed nothing");
    assert.deepEqual(plan.units.stop, ["svc-changed.service", "svc-gone.service"]);
    assert.deepEqual(plan.units.restart, ["svc-restart.service"]);
    assert.deepEqual(plan.units.reload, ["svc-reload.service"]);
    const text = (await machine.execute(`${b}/bin/switch-to-configuration dry-activate 2>&1`)).stdout;
    assert.match(text, /^would stop the following units: svc-changed\.service, svc-gone\.service$/m);

    const before = await ids();
    const r = await switchTo(b);
    assert.equal(r.status, 0, r.stdout);
    // The real run prints the same lists the dry run predicted, in the same order.
    const listed = (prefix: string) => new RegExp(`^${prefix} (.*)$`, "m").exec(r.stdout)?.[1]?.split(", ") ?? [];
    assert.deepEqual(listed("stopping the following units:"), plan.units.stop);
    assert.deepEqual(listed("restarting the following units:"), plan.units.restart);
    assert.deepEqual(listed("reloading the following units:"), plan.units.reload);
    assert.deepEqual(listed("starting the following units:"), plan.units.start.filter((u: string) => !plan.units.hidden.includes(u)));
    assert.match(r.stdout, /^the following new units were started: .*svc-new\.service/m);

    const after = await ids();
    assert.notEqual(after["svc-changed"], before["svc-changed"], "the changed service was restarted");
    assert.notEqual(after["svc-restart"], before["svc-restart"], "the stopIfChanged=false service was restarted");
    for (const u of ["svc-untouched", "svc-reload", "sshd", "hello", "systemd-journald"]) assert.equal(after[u], before[u], `${u} was not touched`);
    assert.equal((await machine.succeed("cat /run/svc-reload.log")).trim(), "reloaded");
    assert.equal(await state("svc-gone.service"), "inactive");
    assert.equal(await state("svc-new.service"), "active");
    assert.match(await machine.succeed("tr '\\0' '\\n' < /proc/$(systemctl show -P MainPID svc-changed.service)/environ"), /^VARIANT=b$/m);
    assert.equal((await machine.succeed("readlink /run/current-system")).trim(), b);
    // The socket-activated service was never activated: its change waits for the next activation.
    assert.doesNotMatch(r.stdout, /svc-sock/);
    assert.equal(await state("svc-sock.socket"), "active");
    assert.equal(await state("svc-sock.service"), "inactive");
  });

  test("a new service that fails: exit 4, the unit named, the rest done (and an active socket-activated service restarts through its socket)", async () => {
    await machine.succeed("systemctl start svc-sock.service");
    // Through systemd-run --pipe, as rebuild runs it: the exit code must survive the wrapper.
    const r = await viaRebuild(c);
    assert.equal(r.status, 4, r.stdout);
    assert.match(r.stdout, /^warning: the following units failed: svc-crash\.service, svc-fail\.service$/m);
    assert.match(r.stdout, /Failed to start svc-fail\.service|svc-fail\.service/);
    assert.equal((await machine.succeed("readlink /run/current-system")).trim(), c);
    assert.equal(await state("svc-new.service"), "active");
    assert.match(r.stdout, /^stopping the following units: svc-sock\.service, svc-sock\.socket$/m);
    assert.match(r.stdout, /^starting the following units: svc-sock\.socket$/m);
    assert.equal(await state("svc-sock.socket"), "active");
    assert.equal(await state("svc-sock.service"), "inactive");
  });

  test("new kernel parameters: the switch is done, and exit 100 says a reboot is needed; a new system.conf re-executes systemd", async () => {
    const dry = await machine.execute(`${d}/bin/switch-to-configuration dry-activate 2>&1`);
    assert.match(dry.stdout, /^would restart systemd$/m);
    assert.equal((await machine.succeed("systemctl show -P DefaultTimeoutStopUSec")).trim(), "1min 30s");
    const r = await switchTo(d);
    assert.equal(r.status, 100, r.stdout);
    assert.match(r.stdout, /kernel parameters changed/);
    assert.match(r.stdout, /^restarting systemd\.\.\.$/m);
    assert.equal((await machine.succeed("systemctl show -P DefaultTimeoutStopUSec")).trim(), "42s");
    assert.equal((await machine.succeed("readlink /run/current-system")).trim(), d);
    assert.equal(await state("svc-fail.service"), "inactive");
    assert.equal(await state("svc-crash.service"), "inactive");
    const plan = JSON.parse((await machine.succeed(`${a}/bin/switch-to-configuration dry-activate --json`)));
    assert.deepEqual(plan.reboot, { required: false, reasons: [] }, "back to the booted parameters: no reboot");
  });

  test("rollback: the profile moves back and the previous generation's own switch restores its units, /etc and /run/current-system", async () => {
    const profileDir = mkdtempSync(join("/var/tmp", "keel-switch-profile-"));
    scratch.push(profileDir);
    const profile = join(profileDir, "system");
    addGeneration(profile, a);
    addGeneration(profile, d);
    const previous = rollbackGeneration(profile);
    assert.equal(previous.toplevel, a);
    assert.deepEqual(readGenerations(profile).map((g) => [g.number, g.current]), [[1, true], [2, false]]);
    const r = await switchTo(previous.toplevel!);
    assert.equal(r.status, 0, r.stdout);
    assert.equal((await machine.succeed("readlink /run/current-system")).trim(), a);
    assert.equal((await machine.succeed("readlink -f /etc/static")).trim(), (await machine.succeed(`readlink -f ${a}/etc`)).trim());
    assert.equal(await state("svc-gone.service"), "active");
    assert.equal(await state("svc-new.service"), "inactive");
    assert.equal(await state("svc-fail.service"), "inactive");
    assert.equal(await machine.execute("test -e /etc/systemd/system/svc-new.service").then((x) => x.status), 1);
    assert.match(await machine.succeed("tr '\\0' '\\n' < /proc/$(systemctl show -P MainPID svc-changed.service)/environ"), /^VARIANT=a$/m);
  });

  test("two switches never interleave: the second fails with a clear message", async () => {
    await machine.succeed(`KEEL_SWITCH_HOLD_AT=stop ${b}/bin/switch-to-configuration switch >/run/first.log 2>&1 &`);
    await machine.waitUntilSucceeds("test -e /run/keel/held-stop", 30_000);
    const second = await switchTo(b);
    assert.notEqual(second.status, 0);
    assert.match(second.stdout, /another switch \(pid \d+\) is running/);
    await machine.succeed("kill -9 $(cat /run/keel/held-stop); rm /run/keel/held-stop");
    const r = await switchTo(b);
    assert.equal(r.status, 0, r.stdout);
  });

  for (const phase of ["stop", "activate", "reload", "restart", "start"]) {
    test(`kill -9 during the ${phase} phase, then a rerun converges`, async () => {
      const from = (await machine.succeed("readlink /run/current-system")).trim();
      const to = from === a ? b : a;
      const before = await ids();
      await machine.succeed(`KEEL_SWITCH_HOLD_AT=${phase} ${to}/bin/switch-to-configuration switch >/run/held.log 2>&1 &`);
      await machine.waitUntilSucceeds(`test -e /run/keel/held-${phase}`, 60_000);
      await machine.succeed(`kill -9 $(cat /run/keel/held-${phase}); rm /run/keel/held-${phase}`);
      const r = await switchTo(to);
      assert.equal(r.status, 0, r.stdout);
      const variant = to === a ? "a" : "b";
      assert.equal((await machine.succeed("readlink /run/current-system")).trim(), to);
      for (const u of ["svc-changed", "svc-restart", "svc-untouched", "svc-reload"]) assert.equal(await state(`${u}.service`), "active", `${u} after ${phase}`);
      assert.match(await machine.succeed("tr '\\0' '\\n' < /proc/$(systemctl show -P MainPID svc-changed.service)/environ"), new RegExp(`^VARIANT=${variant}$`, "m"));
      assert.match(await machine.succeed("tr '\\0' '\\n' < /proc/$(systemctl show -P MainPID svc-restart.service)/environ"), new RegExp(`^VARIANT=${variant}$`, "m"));
      assert.equal(await state("svc-gone.service"), to === a ? "active" : "inactive");
      assert.equal(await state("svc-new.service"), to === a ? "inactive" : "active");
      assert.equal(await machine.execute("ls /run/keel/*-list 2>/dev/null").then((x) => x.stdout.trim()), "", "no work left over");
      // Each changed service ran anew exactly once over the two runs; the unchanged ones never.
      const now = await ids();
      for (const u of ["svc-changed", "svc-restart"]) assert.notEqual(now[u], before[u], `${u} was restarted`);
      for (const u of ["svc-untouched", "sshd", "hello"]) assert.equal(now[u], before[u], `${u} was not touched`);
    });
  }
});
