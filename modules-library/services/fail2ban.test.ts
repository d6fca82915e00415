import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";
import { buildDemoWith, canVerifyUnits, verifyUnits } from "../lib/verify-units.ts";
import { toIni } from "./fail2ban-config.ts";

const evaluate = (fail2ban: Record<string, unknown>, extra: Record<string, unknown> = {}) => evaluateWith({ config: { services: { fail2ban: { enable: true, ...fail2ban }, ...extra } } }).config;
const jailLocal = (config: any): string => config.environment.etc["fail2ban/jail.local"].text;

describe("services.fail2ban", () => {
  test("off by default: nothing in /etc/fail2ban, no unit", () => {
    const { config } = evaluateWith({});
    assert.equal(config.environment.etc["fail2ban/jail.local"], undefined);
    assert.equal(config.systemd.units["fail2ban.service"], undefined);
  });

  test("jail.local is NixOS's: DEFAULT with the journal backend and nftables bans, INCLUDES, and the sshd jail when sshd runs", () => {
    const config = evaluate({ ignoreIP: ["10.0.0.0/8", "2001:db8::/32"] }, { openssh: { enable: true, ports: [22, 2222] } });
    assert.equal(
      jailLocal(config),
      [
        "[DEFAULT]",
        "backend = systemd",
        "banaction = nftables-multiport",
        "banaction_allports = nftables-allports",
        "bantime = 10m",
        "ignoreip = 127.0.0.1/8 ::1 10.0.0.0/8 2001:db8::/32",
        "maxretry = 3",
        "",
        "[INCLUDES]",
        "before = paths-debian.conf",
        "",
        "[sshd]",
        "enabled = true",
        "port = 22,2222",
        "",
      ].join("\n"),
    );
    assert.equal(config.services.openssh.settings.LogLevel, "VERBOSE", "fail2ban needs sshd's failed attempts logged");
  });

  test("no sshd jail without sshd; Debian's unconditional one is replaced", () => {
    const config = evaluate({}, { openssh: { enable: false } });
    assert.doesNotMatch(jailLocal(config), /\[sshd\]/);
    assert.doesNotMatch(config.environment.etc["fail2ban/jail.d/defaults-debian.conf"].text, /enabled/);
  });

  test("bantime-increment, jails as settings (with a filter written to filter.d) and as lines", () => {
    const config = evaluate({
      bantime: "1h",
      maxretry: 5,
      "bantime-increment": { enable: true, maxtime: "48h", overalljails: true },
      jails: {
        web: { filter: { Definition: { failregex: "^<HOST> .* 401", ignoreregex: "" } }, settings: { logpath: "/var/log/web.log", backend: "auto", findtime: 600 } },
        named: { enabled: false, filter: "named-refused" },
        raw: "enabled = true\nfilter = sshd\n",
      },
    });
    const text = jailLocal(config);
    assert.match(text, /^\[DEFAULT\]\nbackend = systemd\nbanaction = nftables-multiport\nbanaction_allports = nftables-allports\nbantime = 1h\nbantime\.increment = true\nbantime\.maxtime = 48h\nbantime\.overalljails = true\n/);
    assert.match(text, /\nmaxretry = 5\n/);
    assert.match(text, /\n\[named\]\nenabled = false\nfilter = named-refused\n/);
    assert.match(text, /\n\[web\]\nbackend = auto\nenabled = true\nfilter = web\nfindtime = 600\nlogpath = \/var\/log\/web\.log\n\[raw\]\nenabled = true\nfilter = sshd\n\n$/);
    assert.equal(config.environment.etc["fail2ban/filter.d/web.conf"].text, "[Definition]\nfailregex = ^<HOST> .* 401\nignoreregex = \n");
  });

  test("fail2ban.local has NixOS's daemon defaults, overridable", () => {
    const config = evaluate({ daemonSettings: { Definition: { loglevel: "DEBUG", logtarget: "SYSOUT" } } });
    assert.equal(
      config.environment.etc["fail2ban/fail2ban.local"].text,
      "[Definition]\ndbfile = /var/lib/fail2ban/fail2ban.sqlite3\nloglevel = DEBUG\nlogtarget = SYSOUT\npidfile = /run/fail2ban/fail2ban.pid\nsocket = /run/fail2ban/fail2ban.sock\n",
    );
  });

  test("the unit is a drop-in over Debian's fail2ban.service: nft on PATH, NixOS's sandboxing, part of the firewall, restarted on config changes", () => {
    const config = evaluate({});
    const unit = config.systemd.units["fail2ban.service"];
    assert.equal(unit.overrideStrategy, "asDropinIfExists");
    assert.deepEqual(unit.wantedBy, ["multi-user.target"]);
    assert.match(unit.text, /^PartOf=nftables\.service$/m);
    assert.match(unit.text, /^Environment="PATH=[^"]*-nftables-[^"/]+\/usr\/sbin[:"]/m);
    for (const line of ["ProtectSystem=strict", "CapabilityBoundingSet=CAP_NET_ADMIN", "RuntimeDirectory=fail2ban", "StateDirectory=fail2ban"]) assert.match(unit.text, new RegExp(`^${line}$`, "m"));
    // Debian's scripts run under python3.11 itself (their #!/usr/bin/python3 link does not resolve in Keel's /usr yet).
    assert.match(unit.text, /^ExecStart=\nExecStart=\S+-python3\.11-minimal-[^/]+\/usr\/bin\/python3\.11 \S+-fail2ban-[^/]+\/usr\/bin\/fail2ban-server -xf start$/m);
    assert.match(unit.text, /^ExecReload=\nExecReload=\S+python3\.11 \S+\/usr\/bin\/fail2ban-client reload$/m);
    const pkgs = config.environment.systemPackages.map((p: { debName?: string }) => p.debName);
    assert.ok(pkgs.includes("fail2ban") && pkgs.includes("python3-systemd"));
    const before = config.systemd.services.fail2ban.restartTriggers;
    assert.notDeepEqual(evaluate({ maxretry: 9 }).systemd.services.fail2ban.restartTriggers, before);
  });

  test("without nftables the defaults are NixOS's iptables actions; formula with multipliers is refused", () => {
    const config = evaluateWith({ config: { networking: { nftables: { enable: false }, firewall: { enable: false } }, services: { fail2ban: { enable: true } } } }).config;
    assert.equal(config.services.fail2ban.banaction, "iptables-multiport");
    assert.ok(config.warnings.includes("fail2ban can not be used without a firewall"));
    const both = evaluateWith({ config: { services: { fail2ban: { enable: true, "bantime-increment": { enable: true, formula: "ban.Time", multipliers: "1 2" } } } } });
    assert.match(failedAssertions(both), /formula.*multipliers.*cannot be both specified/);
    assert.equal(toIni({ b: { y: 1, x: false }, a: {} }), "[a]\n\n[b]\nx = false\ny = 1\n");
  });
});

describe("services.fail2ban: the unit verified", { skip: !canVerifyUnits && "needs root and systemd-analyze" }, () => {
  test("fail2ban.service (Debian's unit plus the drop-in) passes systemd-analyze verify", async () => {
    const toplevel = await buildDemoWith({ config: { services: { fail2ban: { enable: true } } } });
    const r = verifyUnits(toplevel, ["fail2ban.service"]);
    assert.equal(r.output, "");
    assert.equal(r.status, 0);
  });
});
