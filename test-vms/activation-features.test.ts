// nspawn scenario: system.activationScripts (at boot and at switch), systemd.user units with a
// lingering user's manager reloaded by the switch, pre-switch checks and switch inhibitors.
// One booted machine, switches in sequence; each step names the behaviour it pins.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { defineModule, mkForce } from "../src/modules/index.ts";
import { canRunSystemTests, testStore } from "../src/system/testing/test-store.ts";
import { NspawnMachine, nspawnAvailable } from "../src/vm/nspawn-machine.ts";
import { buildDemoWith } from "./support/vm-test.ts";

const LOG = "/var/lib/snippet.log";

/** A generation: variant `v` of the snippets, the user service and the user activation; `extra` on top. */
const generation = (v: string, extra: Record<string, unknown> = {}) =>
  defineModule({
    imports: [{ config: extra }],
    config: {
      users: { users: { alice: { linger: true } } },
      system: {
        activationScripts: {
          // After etc: /etc/hostname is the generation's by then.
          record: { deps: ["etc"], text: `echo "${v} \${KEEL_ACTION} \${NIXOS_ACTION-unset} $(umask) $(cat /etc/hostname) $systemConfig" >> ${LOG}` },
          dryer: { supportsDryActivation: true, text: 'echo "dry-capable snippet ran: $KEEL_ACTION"' },
        },
        userActivationScripts: { mark: `echo "${v}" >> "$XDG_RUNTIME_DIR/user-activation.log"` },
        switch: { inhibitors: { "dbus-implementation": "dbus" } },
      },
      systemd: { user: { services: { greeter: { wantedBy: ["default.target"], environment: { VARIANT: v }, script: "exec sleep infinity" } } } },
    },
  });

const g1 = generation("v1");
const g2 = generation("v2");
/** A failing snippet: later snippets still run, activation fails, the switch exits 2. */
const g3 = generation("v3", {
  system: { activationScripts: { failing: { deps: ["etc"], text: `false; echo "failing went on" >> ${LOG}` }, "zz-late": `echo late >> ${LOG}` } },
});
/** A failing pre-switch check. */
const g4 = generation("v4", { system: { preSwitchChecks: { refuse: 'echo "refusing $1 for $2"; exit 3' } } });
/** A critical component changed: switch is inhibited, boot is not. */
const g5 = generation("v5", { system: { switch: { inhibitors: { "dbus-implementation": mkForce("broker") } } } });

const build = buildDemoWith;

describe("activation snippets, user units and pre-switch checks in systemd-nspawn", { skip: !(canRunSystemTests && nspawnAvailable()) && "needs root and systemd-nspawn" }, () => {
  let machine: NspawnMachine;
  const tops: Record<string, string> = {};
  const scratch: string[] = [];
  const asAlice = (command: string) => machine.execute(`setpriv --reuid=1000 --regid=100 --init-groups env XDG_RUNTIME_DIR=/run/user/1000 ${command}`);
  const userProperty = async (unit: string, property: string) => (await asAlice(`systemctl --user show -P ${property} ${unit}`)).stdout.trim();
  const current = async () => (await machine.succeed("readlink /run/current-system")).trim();
  const switchTo = (toplevel: string, action = "switch", env = "") => machine.execute(`${env} ${toplevel}/bin/switch-to-configuration ${action} 2>&1`, 180_000);
  const lastLogLine = async () => (await machine.succeed(`tail -n 1 ${LOG}`)).trim();

  before(async () => {
    for (const [name, module] of Object.entries({ g1, g2, g3, g4, g5 })) tops[name] = await build(module);
    const rootDir = mkdtempSync(join("/var/tmp", "keel-activation-features-"));
    scratch.push(rootDir);
    machine = NspawnMachine.start({ toplevel: tops.g1!, storeDir: testStore.storeDir, rootDir, name: "keel-activation-features" });
    await machine.waitUntilSucceeds('systemctl is-system-running --wait >/dev/null; s=$(systemctl is-system-running); [ "$s" = running ] || [ "$s" = degraded ]', 90_000);
  });
  after(async () => {
    await machine?.shutdown();
    if (!process.env.KEEL_KEEP_VM_STATE) for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  test("at boot: snippets ran after etc with NixOS's environment; the lingering user's manager runs the user units", async () => {
    assert.equal(await lastLogLine(), `v1 boot unset 0022 demo ${tops.g1}`);
    await machine.waitUntilSucceeds("systemctl is-active user@1000.service", 30_000);
    await machine.waitUntilSucceeds("test -e /run/user/1000/user-activation.log", 30_000);
    assert.equal((await machine.succeed("cat /run/user/1000/user-activation.log")).trim(), "v1");
    assert.equal(await userProperty("greeter.service", "ActiveState"), "active");
    assert.match(await userProperty("greeter.service", "Environment"), /VARIANT=v1/);
    assert.equal((await machine.succeed("ls /var/lib/systemd/linger")).trim(), "alice");
  });

  test("dry-activate runs only the snippets that support it and changes nothing", async () => {
    const r = await switchTo(tops.g2!, "dry-activate");
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^dry-capable snippet ran: dry-activate$/m);
    assert.match(r.stdout, /^would activate the configuration\.\.\.$/m);
    assert.equal(await lastLogLine(), `v1 boot unset 0022 demo ${tops.g1}`);
    assert.equal(await current(), tops.g1);
  });

  test("switch: snippets run with KEEL_ACTION/NIXOS_ACTION; the user manager re-executes, loads the new user unit and reruns keel-activation", async () => {
    const pidBefore = await machine.succeed("systemctl show -P MainPID user@1000.service");
    const r = await switchTo(tops.g2!);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^reloading user units for alice\.\.\.$/m);
    assert.equal(await lastLogLine(), `v2 switch switch 0022 demo ${tops.g2}`);
    assert.deepEqual((await machine.succeed("cat /run/user/1000/user-activation.log")).trim().split("\n"), ["v1", "v2"]);
    // Re-executed, not restarted: same process, new definition loaded.
    assert.equal(await machine.succeed("systemctl show -P MainPID user@1000.service"), pidBefore);
    assert.match(await userProperty("greeter.service", "Environment"), /VARIANT=v2/);
    assert.equal(await userProperty("greeter.service", "NeedDaemonReload"), "no");
  });

  test("a failing snippet is named with its status; later snippets still run; the switch exits 2", async () => {
    const r = await switchTo(tops.g3!);
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stdout, /^Activation script snippet 'failing' failed \(1\)$/m);
    assert.match(r.stdout, /^Failed to run activate script$/m);
    const log = await machine.succeed(`cat ${LOG}`);
    assert.match(log, /^failing went on$/m);
    assert.equal(await lastLogLine(), "late", "zz-late ran after the failure");
    assert.equal(await current(), tops.g3);
  });

  test("a failing pre-switch check stops the switch before anything changes", async () => {
    const before = await machine.succeed("systemctl show -P InvocationID sshd.service hello.service");
    const logBefore = await machine.succeed(`cat ${LOG}`);
    const r = await switchTo(tops.g4!);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`^refusing ${tops.g4} for switch$`, "m"));
    assert.match(r.stdout, /^Pre-switch check 'refuse' failed$/m);
    assert.doesNotMatch(r.stdout, /activating the configuration|stopping the following/);
    assert.equal(await current(), tops.g3);
    assert.equal(await machine.succeed(`cat ${LOG}`), logBefore, "no snippet ran");
    assert.equal(await machine.succeed("systemctl show -P InvocationID sshd.service hello.service"), before, "no unit was touched");
    assert.match(await userProperty("greeter.service", "Environment"), /VARIANT=v3/, "the user manager was not reloaded");
    const check = await switchTo(tops.g4!, "check");
    assert.equal(check.status, 1, check.stdout);
    assert.equal((await switchTo(tops.g4!, "check", "KEEL_NO_CHECK=1")).status, 0);
  });

  test("a changed switch inhibitor blocks switch and dry-activate, not boot; NIXOS_NO_CHECK=1 bypasses it", async () => {
    const r = await switchTo(tops.g5!);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /^There are changes to critical components of the system:$/m);
    assert.match(r.stdout, /^ {2}dbus-implementation : dbus -> broker$/m);
    assert.match(r.stdout, /^Pre-switch check 'switchInhibitors' failed$/m);
    assert.equal(await current(), tops.g3);
    const dry = await switchTo(tops.g5!, "dry-activate");
    assert.equal(dry.status, 1, dry.stdout);
    assert.match(dry.stdout, /dbus-implementation : dbus -> broker/);
    const boot = await switchTo(tops.g5!, "boot");
    assert.equal(boot.status, 0, boot.stdout);
    assert.match(boot.stdout, /^Not checking switch inhibitors \(action = boot\)$/m);
    assert.equal(await current(), tops.g3);
    const unchanged = await switchTo(tops.g2!);
    assert.match(unchanged.stdout, /^Checking switch inhibitors\.\.\. done$/m);
    const forced = await switchTo(tops.g5!, "switch", "NIXOS_NO_CHECK=1");
    assert.equal(forced.status, 0, forced.stdout);
    assert.equal(await current(), tops.g5);
  });
});
