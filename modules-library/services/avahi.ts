import { defineModule, mkAfter, mkBefore, mkIf, mkMerge, mkOption, mkOptionDefault, mkPackageOption, mkRenamedOptionModule, types } from "../../src/modules/index.ts";
import type { Package, PackageSet } from "../../src/packages/index.ts";
import { type AvahiSettings, avahiDaemonConf } from "./avahi-conf.ts";

const flag = (fallback: boolean, description: string) => mkOption({ type: types.bool, default: fallback, description });

/**
 * services.avahi (nixos/modules/services/networking/avahi-daemon.nix) with Debian's avahi-daemon:
 * NixOS's avahi-daemon.conf as a store file, the `avahi` account, service files in
 * /etc/avahi/services, the daemon and its socket (drop-ins over Debian's units), D-Bus's policy
 * from the package (/usr/share/dbus-1/system.d), mdns in /etc/nsswitch.conf (libnss-mdns) with
 * nssmdns4/nssmdns6, and UDP 5353 opened with openFirewall.
 * Keel adds `--no-chroot`: Debian builds avahi to chroot into /etc/avahi, where the store links
 * that make up Keel's /etc cannot be followed (nixpkgs builds avahi without the chroot).
 */
export default defineModule(({ pkgs }: { pkgs: PackageSet }) => ({
  imports: [
    mkRenamedOptionModule(["services", "avahi", "interfaces"], ["services", "avahi", "allowInterfaces"]),
    mkRenamedOptionModule(["services", "avahi", "nssmdns"], ["services", "avahi", "nssmdns4"]),
  ],
  options: {
    services: {
      avahi: {
        enable: flag(
          false,
          "Whether to run the Avahi daemon, which allows Avahi clients to use Avahi's service discovery facilities and also allows the local machine to advertise its presence and services (through the mDNS responder implemented by avahi-daemon).",
        ),
        package: mkPackageOption(pkgs, "avahi-daemon"),
        hostName: mkOption({ type: types.str, defaultText: "config.networking.hostName", description: "Host name advertised on the LAN. If not set, avahi will use the value of networking.hostName." }),
        domainName: mkOption({ type: types.str, default: "local", description: "Domain name for all advertisements." }),
        browseDomains: mkOption({ type: types.listOf(types.str), default: [], example: ["0pointer.de", "zeroconf.org"], description: "List of non-local DNS domains to be browsed." }),
        ipv4: flag(true, "Whether to use IPv4."),
        ipv6: flag(false, "Whether to use IPv6."),
        allowInterfaces: mkOption({
          type: types.nullOr(types.listOf(types.str)),
          default: null,
          description: "List of network interfaces that should be used by the avahi-daemon. Other interfaces will be ignored. If null, all local interfaces except loopback and point-to-point will be used.",
        }),
        denyInterfaces: mkOption({
          type: types.nullOr(types.listOf(types.str)),
          default: null,
          description: "List of network interfaces that should be ignored by the avahi-daemon. Other unspecified interfaces will be used, unless allowInterfaces is set. This option takes precedence over allowInterfaces.",
        }),
        openFirewall: flag(true, "Whether to open the firewall for UDP port 5353. Disabling this setting also disables discovering of network devices."),
        allowPointToPoint: flag(
          false,
          "Whether to use POINTTOPOINT interfaces. Might make mDNS unreliable due to usually large latencies with such links and opens a potential security hole by allowing mDNS access from Internet connections.",
        ),
        wideArea: flag(true, "Whether to enable wide-area service discovery."),
        reflector: flag(false, "Reflect incoming mDNS requests to all allowed network interfaces."),
        extraServiceFiles: mkOption({
          type: types.attrsOf(types.either(types.str, types.path)),
          default: {},
          example: { ssh: "/etc/avahi/ssh.service" },
          description: "Custom service definitions, placed in the avahi service directory (/etc/avahi/services/<name>.service): the XML text, or a path to a file. See avahi.service(5).",
        }),
        publish: {
          enable: flag(false, "Whether to allow publishing in general."),
          userServices: flag(false, "Whether to publish user services. Will set `addresses=true`."),
          addresses: flag(false, "Whether to register mDNS address records for all local IP addresses."),
          hinfo: flag(false, "Whether to register a mDNS HINFO record which contains information about the local operating system and CPU."),
          workstation: flag(false, 'Whether to register a service of type "_workstation._tcp" on the local LAN.'),
          domain: flag(false, "Whether to announce the locally used domain name for browsing by other hosts."),
        },
        nssmdns4: flag(false, "Whether to enable the mDNS NSS (Name Service Switch) plug-in for IPv4. Enabling it allows applications to resolve names in the `.local` domain by transparently querying the Avahi daemon."),
        nssmdns6: flag(
          false,
          "Whether to enable the mDNS NSS (Name Service Switch) plug-in for IPv6. Most mDNS responders only register local IPv4 addresses, so most users want to leave this off to avoid long timeouts when applications first resolve the non-existing IPv6 address.",
        ),
        cacheEntriesMax: mkOption({ type: types.nullOr(types.int), default: null, description: "Number of resource records to be cached per interface. Use 0 to disable caching. Avahi daemon defaults to 4096 if not set." }),
        extraConfig: mkOption({ type: types.lines, default: "", description: "Extra config to append to avahi-daemon.conf." }),
      },
    },
  },
  config: ({ config }: { config: any }) => {
    const cfg = config.services.avahi;
    const pkg = cfg.package as Package;
    const mdns = cfg.nssmdns4 && cfg.nssmdns6 ? "mdns" : cfg.nssmdns6 ? "mdns6" : "mdns4";
    const nss = cfg.nssmdns4 || cfg.nssmdns6;
    const daemon = () => `${pkg.bin("avahi-daemon")} --syslog --no-chroot -f ${pkgs.writeText("avahi-daemon.conf", avahiDaemonConf(cfg as AvahiSettings)).outPath}`;
    const services: Record<string, { text: string } | { source: string }> = {};
    for (const [name, value] of Object.entries(cfg.extraServiceFiles as Record<string, string>)) {
      // NixOS's types.path.check: a string starting with "/" is a path.
      services[`avahi/services/${name}.service`] = value.startsWith("/") ? { source: value } : { text: value };
    }
    return mkMerge([
      { services: { avahi: { hostName: mkOptionDefault(config.networking.hostName) } } },
      mkIf(cfg.enable, {
        users: {
          users: { avahi: { description: "avahi-daemon privilege separation user", home: "/var/empty", group: "avahi", isSystemUser: true } },
          groups: { avahi: {} },
        },
        system: {
          nssModules: mkIf(nss, [pkgs["libnss-mdns"]]),
          nssDatabases: { hosts: mkIf(nss, mkMerge([mkBefore([`${mdns}_minimal [NOTFOUND=return]`]), mkAfter([mdns])])) },
        },
        environment: { systemPackages: [pkg], etc: services },
        systemd: {
          sockets: {
            "avahi-daemon": {
              description: "Avahi mDNS/DNS-SD Stack Activation Socket",
              // "" first: over Debian's own socket unit (a drop-in) the path would be listed twice.
              listenStreams: ["", "/run/avahi-daemon/socket"],
              wantedBy: ["sockets.target"],
            },
          },
          tmpfiles: { rules: ["d /run/avahi-daemon - avahi avahi -"] },
          services: {
            "avahi-daemon": {
              description: "Avahi mDNS/DNS-SD Stack",
              wantedBy: ["multi-user.target"],
              requires: ["avahi-daemon.socket"],
              path: [pkgs.coreutils, pkg],
              serviceConfig: {
                NotifyAccess: "main",
                BusName: "org.freedesktop.Avahi",
                Type: "dbus",
                // "" first: this is a drop-in over Debian's avahi-daemon.service.
                get ExecStart() {
                  return ["", daemon()];
                },
                ConfigurationDirectory: "avahi/services",
              },
            },
          },
        },
        networking: { firewall: { allowedUDPPorts: mkIf(cfg.openFirewall, [5353]) } },
      }),
    ]);
  },
}));
