// nspawn scenario: the firewall, static networkd addresses, resolved, and the session options
// (per-user packages, session variables, sudo rules, autologin) on one booted machine. A veth pair
// inside the machine's own network namespace stands in for a LAN: the peer end sits in a second
// namespace ("client"), so connections to the machine cross its input chain like a remote host's.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { defineModule } from "../src/modules/index.ts";
import { canRunSystemTests, testStore } from "../src/system/testing/test-store.ts";
import { NspawnMachine, nspawnAvailable } from "../src/vm/nspawn-machine.ts";
import { buildDemoWith } from "./support/vm-test.ts";

/** A TCP service answering "open <port>" on each connection (socket activation, one process per connection). */
const probe = (name: string, port: number) => ({
  [`${name}.socket`]: { wantedBy: ["sockets.target"], text: `[Socket]\nListenStream=${port}\nAccept=yes\n` },
  [`${name}@.service`]: { text: `[Service]\nExecStart=/bin/echo open ${port}\nStandardInput=socket\nStandardOutput=socket\n` },
});

const extra = defineModule({
  config: ({ pkgs }) => ({
    networking: {
      interfaces: { kfw0: { ipv4: { addresses: [{ address: "10.231.0.1", prefixLength: 24 }] }, ipv6: { addresses: [{ address: "fd31::1", prefixLength: 64 }] } } },
      nameservers: ["10.231.0.53"],
      search: ["keel.test"],
      firewall: { allowedTCPPorts: [8080] },
    },
    systemd: { units: { ...probe("probe-open", 8080), ...probe("probe-closed", 9090) } },
    environment: { sessionVariables: { KEEL_SESSION: "from-pam", KEEL_LIST: ["a b", "c"] } },
    users: { users: { alice: { packages: [pkgs.curl] } } },
    security: { sudo: { extraRules: [{ users: ["alice"], runAs: "root", commands: [{ command: "/usr/bin/id", options: ["NOPASSWD"] }] }] } },
    services: { getty: { autologinUser: "alice" } },
  }),
});

const CLIENT = "ip netns exec client";
/** Whether a TCP connection from the client namespace gets an answer within 3 s; returns it. */
const connectCmd = (port: number) => `${CLIENT} timeout 3 bash -c 'exec 3<>/dev/tcp/10.231.0.1/${port}; cat <&3'`;

describe("firewall, networking and session options in systemd-nspawn", { skip: !(canRunSystemTests && nspawnAvailable()) && "needs root and systemd-nspawn" }, () => {
  let machine: NspawnMachine;
  let rootDir: string;
  before(async () => {
    const toplevel = await buildDemoWith(extra);
    rootDir = mkdtempSync(join("/var/tmp", "keel-networking-"));
    machine = NspawnMachine.start({ toplevel, storeDir: testStore.storeDir, rootDir, name: "keel-networking-test" });
    await machine.waitUntilSucceeds('systemctl is-system-running --wait >/dev/null; s=$(systemctl is-system-running); [ "$s" = running ] || [ "$s" = degraded ]', 90_000);
  });
  after(async () => {
    await machine?.shutdown();
    if (rootDir && !process.env.KEEL_KEEP_VM_STATE) rmSync(rootDir, { recursive: true, force: true });
  });

  test("boot: no failed units; nftables.service loaded the ruleset before network-pre.target", async () => {
    assert.equal((await machine.succeed("systemctl list-units --failed --plain --no-legend")).trim(), "");
    await machine.waitForUnit("nftables.service");
    const ruleset = await machine.succeed("nft list table inet keel-fw");
    assert.match(ruleset, /chain input \{\s+type filter hook input priority filter; policy drop;/);
    assert.match(ruleset, /tcp dport \{ 22, 8080 \} accept/);
    assert.match(ruleset, /iifname "lo" accept/);
    assert.match(await machine.succeed("systemctl show -P Before nftables.service"), /network-pre\.target/);
  });

  test("networkd gives the interface its static addresses (a veth that appears after boot)", async () => {
    await machine.succeed(
      [
        "ip netns add client",
        "ip link add kfw0 type veth peer name kfwpeer",
        "ip link set kfwpeer netns client",
        `${CLIENT} ip link set lo up`,
        `${CLIENT} ip addr add 10.231.0.2/24 dev kfwpeer`,
        `${CLIENT} ip link set kfwpeer up`,
      ].join(" && "),
    );
    await machine.waitUntilSucceeds("ip -4 addr show dev kfw0 | grep -q 'inet 10.231.0.1/24'", 30_000);
    await machine.waitUntilSucceeds("ip -6 addr show dev kfw0 | grep -q 'inet6 fd31::1/64'", 30_000);
    const status = await machine.succeed("networkctl status kfw0 --no-pager");
    assert.match(status, /Network File: \/etc\/systemd\/network\/40-kfw0\.network/);
  });

  test("an opened port answers the client; a closed one does not, though it listens", async () => {
    assert.equal((await machine.succeed(connectCmd(8080))).trim(), "open 8080");
    await machine.succeed(`${CLIENT} timeout 3 bash -c 'exec 3<>/dev/tcp/10.231.0.1/22; head -c 4 <&3' | grep -q SSH-`);
    // The closed port's listener works (loopback is trusted)...
    assert.equal((await machine.succeed("timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/9090; cat <&3'")).trim(), "open 9090");
    // ...but from the client the SYN is dropped: no answer, no reset, until the timeout.
    const closed = await machine.execute(connectCmd(9090));
    assert.equal(closed.status, 124, `expected a timeout, got ${closed.status}: ${closed.stdout}${closed.stderr}`);
  });

  test("resolved reads the name servers and search domains", async () => {
    await machine.waitForUnit("systemd-resolved.service");
    const dns = await machine.succeed("resolvectl status --no-pager");
    assert.match(dns, /DNS Servers?:? 10\.231\.0\.53/);
    assert.match(dns, /DNS Domain:? keel\.test/);
    assert.match(await machine.succeed("resolvectl status --no-pager"), /resolv\.conf mode: stub/);
  });

  test("a per-user package is on that user's PATH only, and runs", async () => {
    assert.equal((await machine.succeed("su -l alice -c 'command -v curl'")).trim(), "/etc/profiles/per-user/alice/bin/curl");
    assert.match(await machine.succeed("su -l alice -c 'curl --version'"), /^curl \d/);
    const root = await machine.execute("su -l root -c 'command -v curl'");
    assert.notEqual(root.status, 0, root.stdout);
  });

  test("session variables reach a PAM login session", async () => {
    const env = await machine.succeed("su -l alice -c env");
    assert.match(env, /^KEEL_SESSION=from-pam$/m);
    assert.match(env, /^KEEL_LIST=a b:c$/m);
  });

  test("sudo itself reads the extra rule: alice may run exactly that command without a password", async () => {
    // Asked as root: a setuid sudo cannot run for alice here, since nspawn mounts /run nosuid.
    const list = await machine.succeed("sudo -l -U alice");
    assert.match(list, /\(root\) NOPASSWD: \/usr\/bin\/id/);
    assert.match(list, /\(ALL : ALL\) SETENV: ALL/);
    assert.equal((await machine.succeed("stat -c %a /etc/sudoers")).trim(), "440");
  });

  test("autologin: the gettys log alice in", async () => {
    assert.match(await machine.succeed("systemctl show -P ExecStart getty@tty1.service"), /--autologin alice/);
    assert.match(await machine.succeed("systemctl show -P ExecStart console-getty.service"), /--autologin alice/);
  });
});
