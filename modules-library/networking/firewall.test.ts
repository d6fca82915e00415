import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

const fwTable = (config: { networking: { nftables: { rulesetText: string } } }): string => config.networking.nftables.rulesetText;

test("the firewall is on by default: a drop policy, lo trusted, ping and the ICMPv6 IPv6 needs allowed", () => {
  const { config } = evaluateWith({});
  assert.equal(config.networking.firewall.enable, true);
  assert.equal(config.networking.nftables.enable, true);
  const text = fwTable(config);
  assert.match(text, /^flush ruleset$/m);
  assert.match(text, /^table inet keel-fw \{$/m);
  assert.match(text, /^ {4}type filter hook input priority filter; policy drop;$/m);
  assert.match(text, /^ {4}iifname \{ "lo" \} accept comment "trusted interfaces"$/m);
  assert.match(text, /icmp type echo-request accept comment "allow ping"/);
  assert.match(text, /icmpv6 type != \{ nd-redirect, 139 \} accept/);
  assert.match(text, /tcp flags syn \/ fin,syn,rst,ack log level info prefix "refused connection: "/);
  // Reverse path filtering is strict by default, as in NixOS.
  assert.match(text, /fib saddr \. mark \. iif oif exists accept/);
  assert.doesNotMatch(/chain input-allow \{[^}]*\}/.exec(text)?.[0] ?? "", /dport/);
  assert.equal(config.systemd.services.nftables.reloadIfChanged, true);
  assert.deepEqual(config.systemd.services.nftables.before, ["network-pre.target", "shutdown.target"]);
});

test("open ports, ranges, per-interface ports and extra rules land in input-allow", () => {
  const { config } = evaluateWith({
    config: {
      networking: {
        firewall: {
          allowedTCPPorts: [443, 80, 80],
          allowedUDPPorts: [53],
          allowedTCPPortRanges: [{ from: 8000, to: 8010 }],
          allowedUDPPortRanges: [{ from: 60000, to: 61000 }],
          interfaces: { wg0: { allowedTCPPorts: [9100] } },
          trustedInterfaces: ["br0"],
          allowPing: false,
          logRefusedConnections: false,
          rejectPackets: true,
          checkReversePath: "loose",
          extraInputRules: "ip6 saddr fc00::/7 tcp dport 24800 accept",
        },
      },
    },
  });
  const text = fwTable(config);
  assert.match(text, /^ {4}tcp dport \{ 80, 443, 8000-8010 \} accept$/m);
  assert.match(text, /^ {4}udp dport \{ 53, 60000-61000 \} accept$/m);
  assert.match(text, /^ {4}iifname "wg0" tcp dport \{ 9100 \} accept$/m);
  assert.match(text, /iifname \{ "br0", "lo" \} accept|iifname \{ "lo", "br0" \} accept/);
  assert.doesNotMatch(text, /echo-request/);
  assert.doesNotMatch(text, /refused connection/);
  assert.match(text, /^ {4}meta l4proto tcp reject with tcp reset\n {4}reject$/m);
  assert.match(text, /fib saddr \. mark oif exists accept/);
  assert.match(text, /^ {4}ip6 saddr fc00::\/7 tcp dport 24800 accept\n {2}\}$/m);
});

test("openssh opens its ports unless openFirewall is false", () => {
  const on = evaluateWith({ config: { services: { openssh: { enable: true, ports: [22, 2222] } } } }).config;
  assert.deepEqual(on.networking.firewall.allowedTCPPorts, [22, 2222]);
  assert.match(fwTable(on), /tcp dport \{ 22, 2222 \} accept/);
  const off = evaluateWith({ config: { services: { openssh: { enable: true, openFirewall: false } } } }).config;
  assert.deepEqual(off.networking.firewall.allowedTCPPorts, []);
});

test("a disabled firewall loads no ruleset; nftables alone loads the user's rules", () => {
  const none = evaluateWith({ config: { networking: { firewall: { enable: false } } } }).config;
  assert.equal(none.networking.nftables.enable, false);
  assert.equal(none.systemd.services.nftables, undefined);
  const own = evaluateWith({
    config: { networking: { firewall: { enable: false }, nftables: { enable: true, flushRuleset: false, tables: { nat: { family: "ip", content: "chain post { type nat hook postrouting priority srcnat; }" } } } } },
  }).config;
  // Without a flush, only the declared tables are replaced (created first so the delete cannot fail).
  assert.equal(own.networking.nftables.rulesetText, "table ip nat {}\ndelete table ip nat\n\ntable ip nat {\n  chain post { type nat hook postrouting priority srcnat; }\n}\n");
  assert.match(String(own.systemd.services.nftables.serviceConfig.ExecStart), /\/usr\/sbin\/nft -f .*-nftables-rules$/);
  // No firewall table, so only nf_tables itself is loaded ahead.
  assert.deepEqual(own.boot.kernelModules, ["nf_tables"]);
});

test("nftables.service replaces the packaged unit's commands instead of running after them", () => {
  // Keel's unit is a drop-in over Debian's nftables.service (the package is in systemPackages):
  // without a leading empty entry Debian's `nft -f /etc/nftables.conf` and `nft flush ruleset`
  // would run too, and a reload would open the machine to Debian's accept-all example for a moment.
  const { config } = evaluateWith({});
  const service = config.systemd.services.nftables.serviceConfig;
  for (const key of ["ExecStart", "ExecReload", "ExecStop"]) {
    const value = service[key];
    assert.ok(Array.isArray(value) && value.length === 2, `${key}: ${JSON.stringify(value)}`);
    assert.equal(value[0], "", `${key} must reset the packaged unit's list first`);
    assert.match(String(value[1]), /\/usr\/sbin\/nft -f \S+-nftables-(rules|stop)$/);
  }
  const unit = config.systemd.units["nftables.service"].text;
  assert.match(unit, /^ExecStart=$\nExecStart=\S+\/nft -f /m);
  assert.match(unit, /^ExecStop=$\nExecStop=\S+\/nft -f /m);
});

test("the modules the firewall's own rules use are loaded at boot, ip_tables never is (as NixOS)", () => {
  const byDefault = evaluateWith({}).config;
  assert.deepEqual([...byDefault.boot.kernelModules].sort(), ["nf_log_syslog", "nf_tables", "nft_ct", "nft_fib_inet", "nft_log"]);
  assert.ok(byDefault.boot.blacklistedKernelModules.includes("ip_tables"));
  const bare = evaluateWith({ config: { networking: { firewall: { checkReversePath: false, logRefusedConnections: false } } } }).config;
  assert.deepEqual([...bare.boot.kernelModules].sort(), ["nf_tables", "nft_ct"]);
  const more = evaluateWith({ config: { networking: { firewall: { rejectPackets: true, pingLimit: "2/second", checkReversePath: "loose" } } } }).config;
  assert.deepEqual([...more.boot.kernelModules].sort(), ["nf_log_syslog", "nf_tables", "nft_ct", "nft_fib_inet", "nft_limit", "nft_log", "nft_reject_inet"]);
  const off = evaluateWith({ config: { networking: { firewall: { enable: false } } } }).config;
  assert.deepEqual(off.boot.kernelModules, []);
  assert.ok(!off.boot.blacklistedKernelModules.includes("ip_tables"));
});

test("the firewall needs nftables: turning nftables off is reported", () => {
  const evaluated = evaluateWith({ config: { networking: { nftables: { enable: false } } } });
  assert.match(failedAssertions(evaluated), /networking\.firewall\.enable needs networking\.nftables\.enable/);
});
