import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, test } from "node:test";
import { createPackageSet, readLock } from "../../src/packages/index.ts";
import { debianCommand, libraryTree } from "../../src/system/debian-exec.ts";
import { openStore } from "../../src/store/index.ts";
import { repoDir, testStore } from "../../src/system/testing/test-store.ts";
import { evaluateWith } from "../lib/testing.ts";
import { buildDemoWith, canVerifyUnits, verifyUnits } from "../lib/verify-units.ts";
import { nodeExporterArgs } from "./prometheus-node-exporter.ts";

const evaluate = (node: Record<string, unknown>) => evaluateWith({ config: { services: { prometheus: { exporters: { node: { enable: true, ...node } } } } } }).config;
const lines = (text: string, key: string) => text.split("\n").filter((l) => l.startsWith(`${key}=`));

describe("services.prometheus.exporters.node", () => {
  test("off by default: no unit, no account", () => {
    const { config } = evaluateWith({});
    assert.equal(config.systemd.units["prometheus-node-exporter.service"], undefined);
    assert.equal(config.users.users["node-exporter"], undefined);
  });

  test("NixOS's command line: --collector.X, --no-collector.Y, --web.listen-address on 0.0.0.0:9100, extraFlags last", () => {
    const config = evaluate({ enabledCollectors: ["systemd", "processes"], disabledCollectors: ["timex"], extraFlags: ["--collector.textfile.directory=/var/lib/node-exporter"] });
    const text: string = config.systemd.units["prometheus-node-exporter.service"].text;
    assert.match(
      text,
      /^ExecStart=\S+-prometheus-node-exporter-[^/]+\/usr\/bin\/prometheus-node-exporter --collector\.systemd --collector\.processes --no-collector\.timex --web\.listen-address 0\.0\.0\.0:9100 --collector\.textfile\.directory=\/var\/lib\/node-exporter$/m,
    );
    assert.deepEqual(nodeExporterArgs({ enabledCollectors: [], disabledCollectors: [], listenAddress: "[::1]", port: 9999, extraFlags: [] }), ["--web.listen-address", "[::1]:9999"]);
  });

  test("runs as the static node-exporter account (node.nix turns DynamicUser off) with NixOS's hardening", () => {
    const config = evaluate({});
    const text: string = config.systemd.units["prometheus-node-exporter.service"].text;
    assert.equal(config.users.users["node-exporter"].isSystemUser, true);
    assert.equal(config.users.users["node-exporter"].group, "node-exporter");
    assert.ok("node-exporter" in config.users.groups);
    for (const line of ["DynamicUser=false", "User=node-exporter", "Group=node-exporter", "CapabilityBoundingSet=", "DeviceAllow=", "ProtectSystem=strict", "UMask=0077", "Restart=always", "RuntimeDirectory=prometheus-node-exporter", "ProtectClock=false"]) {
      assert.match(text, new RegExp(`^${line}$`, "m"), line);
    }
    assert.deepEqual(lines(text, "RestrictAddressFamilies"), ["RestrictAddressFamilies=AF_INET", "RestrictAddressFamilies=AF_INET6", "RestrictAddressFamilies=AF_NETLINK"]);
    assert.deepEqual(config.systemd.services["prometheus-node-exporter"].wantedBy, ["multi-user.target"]);
  });

  test("collectors decide the address families and ProtectClock, as node.nix does", () => {
    const text: string = evaluate({ enabledCollectors: ["logind"], disabledCollectors: ["netdev", "timex"] }).systemd.units["prometheus-node-exporter.service"].text;
    assert.deepEqual(lines(text, "RestrictAddressFamilies"), ["RestrictAddressFamilies=AF_INET", "RestrictAddressFamilies=AF_INET6", "RestrictAddressFamilies=AF_UNIX"]);
    assert.match(text, /^ProtectClock=true$/m);
  });

  test("another user: no account made; openFirewall adds NixOS's nftables rule; off: none", () => {
    const other = evaluate({ user: "prometheus", group: "prometheus" });
    assert.equal(other.users.users["node-exporter"], undefined);
    assert.doesNotMatch(other.networking.firewall.extraInputRules, /9100/);
    const open = evaluate({ openFirewall: true, port: 9200 });
    assert.match(open.networking.firewall.extraInputRules, /^tcp dport 9200 accept comment "node-exporter"$/m);
    assert.match(evaluate({ openFirewall: true, firewallRules: 'iifname "eth0" tcp dport 9100 accept' }).networking.firewall.extraInputRules, /^iifname "eth0" tcp dport 9100 accept$/m);
  });
});

const skip = !canVerifyUnits && "needs root (the shared test store) and systemd-analyze";

describe("services.prometheus.exporters.node: Debian's exporter with the module's flags, the unit verified", { skip }, () => {
  test("the packaged binary accepts the generated flags and serves the chosen collectors only", async () => {
    const store = openStore(testStore);
    const pkgs = createPackageSet({ store, lock: readLock(repoDir) });
    const pkg = pkgs["prometheus-node-exporter"];
    await store.realise([pkg.drv, libraryTree(store, pkg)]);
    const [loader, ...rest] = debianCommand(store, pkg, "prometheus-node-exporter");
    const port = 19100 + Math.floor(Math.random() * 500);
    const args = nodeExporterArgs({ enabledCollectors: ["processes"], disabledCollectors: ["timex", "uname"], listenAddress: "127.0.0.1", port, extraFlags: [] });
    const child = spawn(loader as string, [...rest, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    try {
      let metrics = "";
      for (let i = 0; i < 50 && metrics === ""; i++) {
        await new Promise((r) => setTimeout(r, 100));
        metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => "");
      }
      assert.notEqual(metrics, "", stderr);
      assert.match(metrics, /^node_scrape_collector_success\{collector="processes"\} 1$/m);
      assert.match(metrics, /^node_scrape_collector_success\{collector="cpu"\} 1$/m);
      assert.doesNotMatch(metrics, /collector="timex"/);
      assert.doesNotMatch(metrics, /collector="uname"/);
    } finally {
      child.kill();
    }
  });

  test("prometheus-node-exporter.service passes systemd-analyze verify (and verify does see a missing unit)", async () => {
    const toplevel = await buildDemoWith({ config: { services: { prometheus: { exporters: { node: { enable: true, openFirewall: true } } } } } });
    const r = verifyUnits(toplevel, ["prometheus-node-exporter.service"]);
    assert.equal(r.output, "");
    assert.equal(r.status, 0);
    assert.notEqual(verifyUnits(toplevel, ["no-such-unit.service"]).status, 0);
  });
});
