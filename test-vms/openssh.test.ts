// QEMU scenario: two machines on one virtual LAN; a client logs in to the demo host over SSH with
// a key as alice, and the server's policy (no root login, keys only) holds.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { defineModule, mkForce } from "../src/modules/index.ts";
import type { Machine, TestDriver } from "../src/vm/index.ts";
import { testClientKey } from "./support/test-keys.ts";
import { createTestDriver, qemuSkipReason } from "./support/vm-test.ts";

const serverExtra = defineModule({
  config: { users: { users: { alice: { openssh: { authorizedKeys: { keys: [testClientKey.public] } } } } } },
});
const clientExtra = defineModule({
  config: ({ pkgs }) => ({
    networking: { hostName: mkForce("client") },
    // Only the client side of OpenSSH: the server's module is off here.
    services: { openssh: { enable: mkForce(false as const) } },
    environment: {
      systemPackages: [pkgs["openssh-client"]],
      etc: { "keel-test/client-key": { text: testClientKey.private, mode: "0600" } },
    },
  }),
});
const ssh = (user: string, command: string) =>
  `ssh -i /etc/keel-test/client-key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=20 ${user}@192.168.1.1 ${command}`;

describe("openssh: a client logs in to demo with a key", { skip: qemuSkipReason() }, () => {
  let driver: TestDriver;
  let server: Machine;
  let client: Machine;
  before(async () => {
    driver = await createTestDriver({ server: { host: "demo", extraModules: [serverExtra] }, client: { host: "demo", extraModules: [clientExtra] } });
    server = driver.machine("server");
    client = driver.machine("client");
    await driver.startAll();
  });
  after(async () => driver?.close());

  test("sshd is listening on the server", async () => {
    await server.waitForUnit("sshd.service");
    await server.waitForOpenPort(22);
  });

  test("the machines reach each other on the test LAN", async () => {
    await client.waitForUnit("multi-user.target");
    await client.waitUntilSucceeds("ping -c 1 -W 2 192.168.1.1", 60_000);
  });

  test("alice logs in with the client's key", async () => {
    const out = await client.succeed(ssh("alice", "'id -un; cat /etc/hostname'"));
    assert.deepEqual(out.trim().split("\n"), ["alice", "demo"]);
    // The login is recorded by the server's sshd.
    await server.waitUntilSucceeds("journalctl -u sshd --no-pager | grep -q 'Accepted publickey for alice'", 30_000);
  });

  test("root may not log in, even with an accepted key", async () => {
    await server.succeed(`install -d -m 700 /root/.ssh && echo '${testClientKey.public}' > /root/.ssh/authorized_keys`);
    const out = await client.fail(ssh("root", "true"));
    assert.match(out, /Permission denied/);
  });
});
