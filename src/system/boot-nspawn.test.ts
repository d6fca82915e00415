import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { NspawnMachine, nspawnAvailable } from "../vm/nspawn-machine.ts";
import { buildHost } from "./build-host.ts";
import { canRunSystemTests, repoDir, testStore } from "./testing/test-store.ts";

/**
 * The demo generation booted for real: its own systemd as PID 1 in systemd-nspawn, over its own
 * /etc, accounts and units. Named steps, so a failure says which part of a boot broke.
 */
describe("the demo host boots in systemd-nspawn", { skip: !(canRunSystemTests && nspawnAvailable()) && "needs root and systemd-nspawn" }, () => {
  let machine: NspawnMachine;
  let toplevel: string;
  before(async () => {
    toplevel = (await buildHost({ repoDir, host: "demo", ...testStore, outLink: null })).toplevel;
    const rootDir = mkdtempSync(join("/var/tmp", "keel-demo-"));
    machine = NspawnMachine.start({ toplevel, storeDir: testStore.storeDir, rootDir, name: "keel-demo-test" });
    await machine.waitUntilSucceeds("systemctl is-system-running --wait >/dev/null; s=$(systemctl is-system-running); [ \"$s\" = running ] || [ \"$s\" = degraded ]", 90_000);
  });
  after(async () => {
    await machine?.shutdown();
  });

  test("multi-user.target is reached with no failed units", async () => {
    await machine.waitForUnit("multi-user.target");
    assert.equal((await machine.succeed("systemctl list-units --failed --plain --no-legend")).trim(), "");
    assert.equal((await machine.succeed("systemctl is-system-running")).trim(), "running");
  });

  test("the configured services run", async () => {
    await machine.waitForUnit("sshd.service");
    await machine.waitForUnit("hello.service");
    assert.equal((await machine.succeed("cat /run/hello")).trim(), "hello from demo");
    // The generated sshd_config passes sshd's own check, with the host key made at first start.
    await machine.succeed("sshd -t -f /etc/ssh/sshd_config");
    assert.match(await machine.succeed("ls /etc/ssh"), /ssh_host_ed25519_key/);
  });

  test("the generation is current and booted", async () => {
    assert.equal((await machine.succeed("readlink /run/current-system")).trim(), toplevel);
    assert.equal((await machine.succeed("readlink /run/booted-system")).trim(), toplevel);
    assert.equal((await machine.succeed("readlink /etc/static")).trim().endsWith("-etc/etc"), true);
    assert.equal((await machine.succeed("cat /etc/hostname")).trim(), "demo");
  });

  test("accounts and privileged programs are in place", async () => {
    assert.match(await machine.succeed("getent passwd alice"), /^alice:x:1000:100:Alice:\/home\/alice:\/bin\/bash$/m);
    assert.match(await machine.succeed("id -nG alice"), /\bwheel\b/);
    assert.equal((await machine.succeed("stat -c %a:%U /home/alice")).trim(), "700:alice");
    assert.equal((await machine.succeed("stat -c %a:%U /run/wrappers/bin/sudo")).trim(), "4755:root");
    assert.equal((await machine.succeed("stat -c %a /etc/sudoers")).trim(), "440");
    await machine.succeed("/run/wrappers/bin/sudo -u alice true");
  });
});
