// QEMU scenario: inside the booted demo VM, switch to a new generation with its own
// bin/switch-to-configuration (src/activation), then roll back by switching to the booted one.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { defineModule } from "../src/modules/index.ts";
import type { Machine, TestDriver } from "../src/vm/index.ts";
import { createTestDriver, qemuSkipReason } from "./support/vm-test.ts";

/** Generation 2: hello greets differently, and a new service appears. */
const generation2 = defineModule({
  config: {
    systemd: {
      services: {
        hello: { script: 'echo "hello again from $(cat /etc/hostname)" > /run/hello' },
        "gen2-marker": {
          description: "Only in generation 2",
          wantedBy: ["multi-user.target"],
          serviceConfig: { Type: "oneshot", RemainAfterExit: true },
          script: "touch /run/gen2-marker",
        },
      },
    },
  },
});

describe("switch: to a new generation inside the VM, then back", { skip: qemuSkipReason() }, () => {
  let driver: TestDriver;
  let demo: Machine;
  let gen1 = "";
  let gen2 = "";
  before(async () => {
    driver = await createTestDriver({ demo: { host: "demo" } });
    gen1 = driver.toplevels.demo ?? "";
    // Built before boot: the guest sees the store over 9p, and a switch should not wait on a build.
    gen2 = await driver.buildVariant("demo", [generation2]);
    demo = driver.machine("demo");
    await driver.startAll();
  });
  after(async () => driver?.close());

  test("both generations carry bin/switch-to-configuration", () => {
    assert.ok(existsSync(`${gen1}/bin/switch-to-configuration`), `${gen1} has no bin/switch-to-configuration (src/activation)`);
    assert.ok(existsSync(`${gen2}/bin/switch-to-configuration`));
  });

  test("generation 1 is up", async () => {
    await demo.waitForUnit("multi-user.target");
    assert.equal((await demo.succeed("cat /run/hello")).trim(), "hello from demo");
  });

  test("switching to generation 2 restarts the changed service and starts the new one", async () => {
    const out = await demo.succeed(`${gen2}/bin/switch-to-configuration switch 2>&1`);
    assert.equal((await demo.succeed("readlink /run/current-system")).trim(), gen2);
    assert.equal((await demo.succeed("readlink /run/booted-system")).trim(), gen1, "the booted generation stays recorded");
    assert.equal((await demo.succeed("cat /run/hello")).trim(), "hello again from demo", out);
    await demo.waitForUnit("gen2-marker.service");
    await demo.succeed("test -e /run/gen2-marker");
    assert.equal((await demo.succeed("systemctl list-units --failed --plain --no-legend")).trim(), "");
  });

  test("rolling back to generation 1 stops the service it does not have", async () => {
    await demo.succeed(`${gen1}/bin/switch-to-configuration switch 2>&1`);
    assert.equal((await demo.succeed("readlink /run/current-system")).trim(), gen1);
    assert.equal((await demo.succeed("cat /run/hello")).trim(), "hello from demo");
    assert.match((await demo.execute("systemctl is-active gen2-marker.service")).stdout, /inactive|unknown/);
    assert.equal((await demo.succeed("systemctl list-units --failed --plain --no-legend")).trim(), "");
  });

  test("sshd survived both switches", async () => {
    await demo.waitForUnit("sshd.service");
    await demo.waitForOpenPort(22);
  });
});
