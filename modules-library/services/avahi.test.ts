import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";
import { buildDemoWith, canVerifyUnits, verifyUnits } from "../lib/verify-units.ts";
import { type AvahiSettings, avahiDaemonConf } from "./avahi-conf.ts";

const evaluate = (avahi: Record<string, unknown>, extra: Record<string, unknown> = {}) => evaluateWith({ config: { services: { avahi: { enable: true, ...avahi } }, ...extra } }).config;
const hostsLine = (config: any) => (config.environment.etc["nsswitch.conf"].text as string).split("\n").find((l) => l.startsWith("hosts:"));

describe("services.avahi", () => {
  test("off by default: no unit, no account, nsswitch hosts is files dns, 5353 closed", () => {
    const { config } = evaluateWith({});
    assert.equal(config.systemd.units["avahi-daemon.service"], undefined);
    assert.equal(config.users.users.avahi, undefined);
    assert.equal(hostsLine(config), "hosts:          files dns");
    assert.ok(!config.networking.firewall.allowedUDPPorts.includes(5353));
  });

  test("avahi-daemon.conf is NixOS's; the host name defaults to networking.hostName", () => {
    const config = evaluate({}, { networking: { hostName: "mdnshost" } });
    assert.equal(config.services.avahi.hostName, "mdnshost");
    assert.equal(
      avahiDaemonConf(config.services.avahi as AvahiSettings),
      [
        "[server]",
        "host-name=mdnshost",
        "browse-domains=",
        "use-ipv4=yes",
        "use-ipv6=no",
        "",
        "",
        "domain-name=local",
        "allow-point-to-point=no",
        "",
        "",
        "[wide-area]",
        "enable-wide-area=yes",
        "",
        "[publish]",
        "disable-publishing=yes",
        "disable-user-service-publishing=yes",
        "publish-addresses=no",
        "publish-hinfo=no",
        "publish-workstation=no",
        "publish-domain=no",
        "",
        "[reflector]",
        "enable-reflector=no",
        "",
        "",
      ].join("\n"),
    );
  });

  test("interfaces, publishing (userServices implies addresses), domains, cache and extraConfig", () => {
    const text = avahiDaemonConf(
      evaluate({
        hostName: "",
        browseDomains: ["0pointer.de", "zeroconf.org"],
        ipv6: true,
        allowInterfaces: ["eth0", "eth1"],
        denyInterfaces: ["docker0"],
        cacheEntriesMax: 0,
        publish: { enable: true, userServices: true },
        reflector: true,
        extraConfig: "[rlimits]\nrlimit-core=0",
      }).services.avahi as AvahiSettings,
    );
    assert.match(text, /^\[server\]\n\nbrowse-domains=0pointer\.de, zeroconf\.org\nuse-ipv4=yes\nuse-ipv6=yes\nallow-interfaces=eth0,eth1\ndeny-interfaces=docker0\ndomain-name=local\nallow-point-to-point=no\ncache-entries-max=0\n/);
    assert.match(text, /\ndisable-publishing=no\ndisable-user-service-publishing=no\npublish-addresses=yes\n/);
    assert.match(text, /\nenable-reflector=yes\n\[rlimits\]\nrlimit-core=0\n$/);
  });

  test("the daemon: NixOS's unit over Debian's, run on the store config without chroot; its socket; the account and runtime directory", () => {
    const config = evaluate({});
    const unit = config.systemd.units["avahi-daemon.service"];
    assert.equal(unit.overrideStrategy, "asDropinIfExists");
    assert.match(unit.text, /^ExecStart=\n^ExecStart=\S+-avahi-daemon-[^/]+\/usr\/sbin\/avahi-daemon --syslog --no-chroot -f \S+-avahi-daemon\.conf$/m);
    for (const line of ["Type=dbus", "BusName=org.freedesktop.Avahi", "NotifyAccess=main", "Requires=avahi-daemon.socket", "ConfigurationDirectory=avahi/services"]) assert.match(unit.text, new RegExp(`^${line}$`, "m"));
    assert.deepEqual(unit.wantedBy, ["multi-user.target"]);
    assert.match(config.systemd.units["avahi-daemon.socket"].text, /^ListenStream=\nListenStream=\/run\/avahi-daemon\/socket$/m);
    assert.equal(config.users.users.avahi.isSystemUser, true);
    assert.equal(config.users.users.avahi.group, "avahi");
    assert.ok(config.systemd.tmpfiles.rules.includes("d /run/avahi-daemon - avahi avahi -"));
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "avahi-daemon"), "the D-Bus policy comes from the package");
  });

  test("openFirewall (on by default) opens UDP 5353; service files go to /etc/avahi/services", () => {
    const config = evaluate({ extraServiceFiles: { smb: "<service-group/>\n", ssh: "/srv/avahi/ssh.service" } });
    assert.ok(config.networking.firewall.allowedUDPPorts.includes(5353));
    assert.ok(!evaluate({ openFirewall: false }).networking.firewall.allowedUDPPorts.includes(5353));
    assert.equal(config.environment.etc["avahi/services/smb.service"].text, "<service-group/>\n");
    assert.equal(config.environment.etc["avahi/services/ssh.service"].source, "/srv/avahi/ssh.service");
  });

  test("nssmdns4 puts mdns4_minimal ahead of files and mdns4 after dns, with libnss-mdns installed; nssmdns6 alone is mdns6", () => {
    const config = evaluate({ nssmdns4: true });
    assert.equal(hostsLine(config), "hosts:          mdns4_minimal [NOTFOUND=return] files dns mdns4");
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "libnss-mdns"));
    assert.equal(hostsLine(evaluate({ nssmdns6: true })), "hosts:          mdns6_minimal [NOTFOUND=return] files dns mdns6");
    assert.equal(hostsLine(evaluate({ nssmdns4: true, nssmdns6: true })), "hosts:          mdns_minimal [NOTFOUND=return] files dns mdns");
    assert.equal(hostsLine(evaluate({ nssmdns: true })), "hosts:          mdns4_minimal [NOTFOUND=return] files dns mdns4", "nssmdns is renamed nssmdns4");
  });
});

describe("services.avahi: the units verified", { skip: !canVerifyUnits && "needs root and systemd-analyze" }, () => {
  test("avahi-daemon.service and .socket (Debian's units plus the drop-ins) pass systemd-analyze verify", async () => {
    const toplevel = await buildDemoWith({ config: { services: { avahi: { enable: true, nssmdns4: true } } } });
    const r = verifyUnits(toplevel, ["avahi-daemon.service", "avahi-daemon.socket"]);
    assert.equal(r.output, "");
    assert.equal(r.status, 0);
  });
});
