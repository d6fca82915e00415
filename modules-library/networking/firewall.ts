import { defineModule, mkDefault, mkIf, mkOption, types } from "../../src/modules/index.ts";
import { type FirewallSettings, firewallTableModules, type OpenPorts, renderFirewallTable } from "./firewall-ruleset.ts";

const portRange = types.submodule({
  options: {
    from: mkOption({ type: types.port, description: "First port of the range." }),
    to: mkOption({ type: types.port, description: "Last port of the range (included)." }),
  },
});

/** The open-port options, shared by networking.firewall and networking.firewall.interfaces.<name>. */
const portOptions = () => ({
  allowedTCPPorts: mkOption({ type: types.listOf(types.port), default: [], example: [22, 80], description: "TCP ports on which incoming connections are accepted." }),
  allowedUDPPorts: mkOption({ type: types.listOf(types.port), default: [], example: [53], description: "UDP ports on which incoming packets are accepted." }),
  allowedTCPPortRanges: mkOption({
    type: types.listOf(portRange),
    default: [],
    example: [{ from: 8999, to: 9003 }],
    description: "Ranges of TCP ports on which incoming connections are accepted.",
  }),
  allowedUDPPortRanges: mkOption({
    type: types.listOf(portRange),
    default: [],
    example: [{ from: 60000, to: 61000 }],
    description: "Ranges of UDP ports on which incoming packets are accepted.",
  }),
});

const ports = (p: OpenPorts): OpenPorts => ({
  allowedTCPPorts: p.allowedTCPPorts,
  allowedUDPPorts: p.allowedUDPPorts,
  allowedTCPPortRanges: p.allowedTCPPortRanges,
  allowedUDPPortRanges: p.allowedUDPPortRanges,
});

/**
 * networking.firewall (nixos/modules/services/networking/firewall.nix and firewall-nftables.nix):
 * a stateful packet filter for incoming traffic, on by default as in NixOS. Keel has only the
 * nftables implementation: the rules are the `inet keel-fw` table of networking.nftables.
 */
export default defineModule({
  options: {
    networking: {
      firewall: {
        enable: mkOption({
          type: types.bool,
          default: true,
          description: "Whether incoming connections are refused unless a port is opened below (or by a service's `openFirewall`). Outgoing traffic is not filtered.",
        }),
        ...portOptions(),
        interfaces: mkOption({
          type: types.attrsOf(types.submodule({ options: portOptions() })),
          default: {},
          example: { eth0: { allowedTCPPorts: [8080] } },
          description: "Ports open only on one interface, by interface name (as `ip link` shows it).",
        }),
        trustedInterfaces: mkOption({
          type: types.listOf(types.str),
          default: [],
          example: ["enp0s2"],
          description: "Interfaces whose incoming traffic is accepted unconditionally. The loopback interface (lo) always is.",
        }),
        allowPing: mkOption({
          type: types.bool,
          default: true,
          description: "Whether ICMPv4 echo requests (pings) are answered. ICMPv6 pings always are: IPv6's address space makes scanning by ping impractical.",
        }),
        pingLimit: mkOption({
          type: types.nullOr(types.str),
          default: null,
          example: "1/minute burst 5 packets",
          description: "A rate limit on accepted pings, in nftables syntax (`2/second`, `1/minute burst 5 packets`).",
        }),
        rejectPackets: mkOption({
          type: types.bool,
          default: false,
          description:
            "Whether refused packets are rejected (an ICMP port-unreachable, or a TCP reset) instead of dropped silently. Rejecting makes port scans faster.",
        }),
        logRefusedConnections: mkOption({
          type: types.bool,
          default: true,
          description: "Whether refused incoming TCP connections are logged (kernel log: `journalctl -k`, prefix `refused connection: `).",
        }),
        logRefusedPackets: mkOption({ type: types.bool, default: false, description: "Whether every refused packet is logged (noisy; for debugging)." }),
        logRefusedUnicastsOnly: mkOption({
          type: types.bool,
          default: true,
          description: "With logRefusedPackets, whether only packets addressed to this machine are logged (not broadcasts and multicasts).",
        }),
        checkReversePath: mkOption({
          type: types.either(types.bool, types.enum(["strict", "loose"])),
          default: true,
          example: "loose",
          description:
            "Reverse path filtering: drop a packet when a reply to it would not leave by the interface it came in on (true or `strict`), or when its source is not reachable at all (`loose`). Use loose or false with asymmetric routing.",
        }),
        logReversePathDrops: mkOption({ type: types.bool, default: false, description: "Whether packets dropped by the reverse path filter are logged." }),
        filterForward: mkOption({ type: types.bool, default: false, description: "Whether forwarded (routed) traffic is filtered too: only established traffic, port forwards and extraForwardRules pass." }),
        extraInputRules: mkOption({
          type: types.lines,
          default: "",
          example: "ip6 saddr { fc00::/7, fe80::/10 } tcp dport 24800 accept",
          description: "nftables rules appended to the `input-allow` chain, which new incoming connections go through.",
        }),
        extraForwardRules: mkOption({ type: types.lines, default: "", example: "iifname wg0 accept", description: "nftables rules appended to the `forward-allow` chain (with filterForward)." }),
        extraReversePathFilterRules: mkOption({
          type: types.lines,
          default: "",
          example: "fib daddr . mark . iif type local accept",
          description: "nftables rules appended to the `rpfilter-allow` chain: packets they accept pass the reverse path filter.",
        }),
      },
    },
  },
  config: ({ config }) => {
    const cfg = config.networking.firewall;
    const settings = (): FirewallSettings => ({
      ...cfg,
      interfaces: { default: ports(cfg), ...Object.fromEntries(Object.entries(cfg.interfaces).map(([n, p]) => [n, ports(p)])) },
    });
    return mkIf(cfg.enable, {
      // Loaded before nftables.service (sysinit), so loading the table spawns no modprobe.
      boot: { kernelModules: firewallTableModules(cfg) },
      networking: {
        firewall: { trustedInterfaces: ["lo"] },
        nftables: {
          enable: mkDefault(true),
          tables: {
            "keel-fw": {
              family: "inet",
              get content() {
                return renderFirewallTable(settings());
              },
            },
          },
        },
      },
      assertions: [
        {
          assertion: config.networking.nftables.enable,
          message: "networking.firewall.enable needs networking.nftables.enable (Keel's firewall is made of nftables rules). Set networking.firewall.enable = false for no firewall.",
        },
        {
          assertion: cfg.pingLimit === null || !cfg.pingLimit.startsWith("--"),
          message: `networking.firewall.pingLimit is in iptables syntax (${cfg.pingLimit}); use nftables syntax such as "2/second".`,
        },
      ],
    });
  },
});
