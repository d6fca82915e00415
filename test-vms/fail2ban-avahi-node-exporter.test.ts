// nspawn scenario: the service areas of modules-library (fail2ban, avahi, the node exporter,
// logrotate) in one booted generation. fail2ban bans an address that fails sshd logins, through
// nftables, from the journal; avahi owns its D-Bus name as its own account; the exporter serves
// metrics with the chosen collectors; logrotate.service rotates a configured log.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { PackageSet } from "../src/packages/index.ts";
import { canRunSystemTests, testStore } from "../src/system/testing/test-store.ts";
import { NspawnMachine, nspawnAvailable } from "../src/vm/nspawn-machine.ts";
import { buildDemoWith } from "./support/vm-test.ts";

const services = {
  config: ({ pkgs }: { pkgs: PackageSet }) => ({
    environment: { systemPackages: [pkgs.curl] },
    services: {
      fail2ban: { enable: true, maxretry: 3 },
      avahi: { enable: true, nssmdns4: true, publish: { enable: true, addresses: true } },
      prometheus: { exporters: { node: { enable: true, enabledCollectors: ["processes"], disabledCollectors: ["timex"] } } },
      logrotate: { settings: { "/var/log/keel-rotate-test.log": { rotate: 2, size: "1", compress: false } } },
    },
  }),
};
// fail2ban's scripts start with #!/usr/bin/python3, which Keel's /usr does not resolve yet (see fail2ban.ts).
const client = "python3.11 /usr/bin/fail2ban-client";

describe("fail2ban, avahi, node exporter and logrotate in systemd-nspawn", { skip: !(canRunSystemTests && nspawnAvailable()) && "needs root and systemd-nspawn" }, () => {
  let machine: NspawnMachine;
  let rootDir = "";

  before(async () => {
    const toplevel = await buildDemoWith(services);
    rootDir = mkdtempSync(join("/var/tmp", "keel-p5-services-"));
    machine = NspawnMachine.start({ toplevel, storeDir: testStore.storeDir, rootDir, name: "keel-p5-services" });
    await machine.waitUntilSucceeds('systemctl is-system-running --wait >/dev/null; s=$(systemctl is-system-running); [ "$s" = running ] || [ "$s" = degraded ]', 90_000);
  });
  after(async () => {
    await machine?.shutdown();
    if (rootDir && !process.env.KEEL_KEEP_VM_STATE) rmSync(rootDir, { recursive: true, force: true });
  });

  test("no unit of these areas failed", async () => {
    const failed = await machine.succeed("systemctl list-units --failed --plain --no-legend");
    assert.doesNotMatch(failed, /fail2ban|avahi|prometheus|logrotate/, failed);
  });

  test("fail2ban: the sshd jail reads the journal; failed logins from an address ban it in nftables", async () => {
    await machine.waitForUnit("fail2ban.service", 30_000);
    await machine.waitUntilSucceeds(`${client} ping`, 30_000);
    const status = await machine.succeed(`${client} status sshd`);
    assert.match(status, /Journal matches:\s+_SYSTEMD_UNIT=sshd\.service \+ _COMM=sshd/);
    // A second local address (127.0.0.1 is in ignoreip) makes the failures.
    await machine.succeed("ip addr add 192.0.2.1/32 dev lo");
    for (let i = 0; i < 4; i++) {
      await machine.execute("ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=3 -b 192.0.2.1 nosuchuser@192.0.2.1 true", 20_000);
    }
    await machine.waitUntilSucceeds(`${client} status sshd | grep -q 'Banned IP list:.*192.0.2.1'`, 30_000);
    const set = await machine.succeed("nft list table inet f2b-table");
    assert.match(set, /192\.0\.2\.1/);
    const blocked = await machine.execute("ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o ConnectTimeout=3 -b 192.0.2.1 nosuchuser@192.0.2.1 true 2>&1", 20_000);
    assert.notEqual(blocked.status, 0);
    assert.match(blocked.stdout, /refused|timed out|reset/i, "the banned address is rejected before sshd");
  });

  test("avahi: the daemon owns org.freedesktop.Avahi as the avahi account, on the generated config", async () => {
    await machine.waitForUnit("avahi-daemon.service", 30_000);
    const pid = (await machine.succeed("systemctl show -P MainPID avahi-daemon.service")).trim();
    assert.equal((await machine.succeed(`ps -o user= -p ${pid}`)).trim(), "avahi");
    // avahi rewrites its argv ("avahi-daemon: running [demo.local]"): what it was started with is in the unit.
    assert.match(await machine.succeed("systemctl show -P ExecStart avahi-daemon.service"), /--no-chroot -f \S+-avahi-daemon\.conf/);
    assert.match(await machine.succeed(`tr '\\0' ' ' < /proc/${pid}/cmdline`), /running \[demo\.local\]/);
    await machine.succeed("busctl --system status org.freedesktop.Avahi >/dev/null");
    assert.match(await machine.succeed("grep '^hosts:' /etc/nsswitch.conf"), /mdns4_minimal \[NOTFOUND=return\] files dns mdns4/);
    assert.match(await machine.succeed("ls /lib/x86_64-linux-gnu/"), /libnss_mdns4_minimal\.so\.2/);
  });

  test("node exporter: metrics on :9100 as node-exporter, processes on, timex off", async () => {
    await machine.waitForUnit("prometheus-node-exporter.service", 30_000);
    const metrics = await machine.waitUntilSucceeds("curl -sf --max-time 10 http://127.0.0.1:9100/metrics", 30_000);
    assert.match(metrics, /^node_scrape_collector_success\{collector="processes"\} 1$/m);
    assert.doesNotMatch(metrics, /collector="timex"/);
    const pid = (await machine.succeed("systemctl show -P MainPID prometheus-node-exporter.service")).trim();
    assert.equal((await machine.succeed(`ps -o user= -p ${pid}`)).trim(), "node-exporter");
  });

  test("logrotate: the checkconf unit passed at boot, and a run rotates the configured log", async () => {
    await machine.waitForUnit("logrotate-checkconf.service", 30_000);
    assert.equal((await machine.succeed("systemctl is-enabled logrotate.timer; systemctl is-active logrotate.timer")).trim(), "enabled\nactive");
    await machine.succeed("echo line > /var/log/keel-rotate-test.log");
    await machine.succeed("systemctl start logrotate.service");
    await machine.waitUntilSucceeds("test -f /var/log/keel-rotate-test.log.1 && grep -qx line /var/log/keel-rotate-test.log.1", 20_000);
  });
});
