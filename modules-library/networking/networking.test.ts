import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("hostName, domain and extra hosts make /etc/hostname and /etc/hosts", () => {
  const { config } = evaluateWith({ config: { networking: { hostName: "box", domain: "home.arpa", hosts: { "10.0.0.2": ["nas", "nas.home.arpa"] } } } });
  assert.equal(config.environment.etc.hostname.text, "box\n");
  const hosts: string = config.environment.etc.hosts.text;
  assert.match(hosts, /^127\.0\.1\.1 box\.home\.arpa box$/m);
  assert.match(hosts, /^10\.0\.0\.2 nas nas\.home\.arpa$/m);
});

test("an invalid host name is refused, naming the option", () => {
  const { config } = evaluateWith({ config: { networking: { hostName: "no_underscores" } } });
  assert.throws(() => config.networking.hostName, /networking\.hostName' is not of type/);
});

test("networkd gets DHCP on wired links and the configured networks; resolved provides resolv.conf", () => {
  const { config } = evaluateWith({
    config: { systemd: { network: { networks: { "10-lan": { matchConfig: { Name: "enp1s0" }, address: ["192.168.1.2/24"], gateway: ["192.168.1.1"] } } } } },
  });
  assert.equal(config.environment.etc["systemd/network/10-lan.network"].text, "[Match]\nName=enp1s0\n\n[Network]\nAddress=192.168.1.2/24\nGateway=192.168.1.1\n");
  assert.match(config.environment.etc["systemd/network/99-keel-dhcp.network"].text, /^Name=en\* eth\*$/m);
  assert.deepEqual(config.systemd.units["systemd-networkd.service"].wantedBy, ["multi-user.target"]);
  assert.equal(config.environment.etc["resolv.conf"].source, "/run/systemd/resolve/stub-resolv.conf");
});
