import { defineModule, mkDefault, mkIf, mkOption, types } from "../../src/modules/index.ts";
import type { PackageSet } from "../../src/packages/index.ts";

const name = "node";
const defaultPort = 9100;

/** The command line of nixpkgs' node exporter module: enabled, then disabled collectors, the listen address, extraFlags. */
export function nodeExporterArgs(cfg: { enabledCollectors: string[]; disabledCollectors: string[]; listenAddress: string; port: number; extraFlags: string[] }): string[] {
  return [
    ...cfg.enabledCollectors.map((c) => `--collector.${c}`),
    ...cfg.disabledCollectors.map((c) => `--no-collector.${c}`),
    "--web.listen-address",
    `${cfg.listenAddress}:${cfg.port}`,
    ...cfg.extraFlags,
  ];
}

/**
 * services.prometheus.exporters.node (nixos/modules/services/monitoring/prometheus/exporters.nix
 * and exporters/node.nix) running Debian's prometheus-node-exporter: NixOS's unit
 * `prometheus-node-exporter.service` with its hardening, as the `node-exporter` account (node.nix
 * turns DynamicUser off), and `firewallRules` added to the firewall's input chain with
 * openFirewall. The package is not installed system-wide, as in NixOS: Debian's own unit of
 * the same name (EnvironmentFile=/etc/default/..., user prometheus) would sit under this one.
 * `firewallFilter` (iptables syntax) is not offered: Keel's firewall is nftables.
 */
export default defineModule(({ pkgs }: { pkgs: PackageSet }) => ({
  options: {
    services: {
      prometheus: {
        exporters: {
          node: {
            enable: mkOption({ type: types.bool, default: false, example: true, description: "Whether to enable the prometheus node exporter." }),
            package: mkOption({ type: types.package, default: pkgs["prometheus-node-exporter"], defaultText: 'pkgs."prometheus-node-exporter"', description: "The prometheus-node-exporter package to use." }),
            port: mkOption({ type: types.port, default: defaultPort, description: "Port to listen on." }),
            listenAddress: mkOption({ type: types.str, default: "0.0.0.0", description: "Address to listen on." }),
            extraFlags: mkOption({ type: types.listOf(types.str), default: [], description: "Extra commandline options to pass to the node exporter." }),
            openFirewall: mkOption({ type: types.bool, default: false, description: "Open port in firewall for incoming connections." }),
            firewallRules: mkOption({
              type: types.nullOr(types.lines),
              default: null,
              example: 'iifname "eth0" tcp dport 9100 counter accept',
              description: "Specify rules for nftables to add to the input chain when services.prometheus.exporters.node.openFirewall is true.",
            }),
            user: mkOption({ type: types.str, default: `${name}-exporter`, description: "User name under which the node exporter shall be run." }),
            group: mkOption({ type: types.str, default: `${name}-exporter`, description: "Group under which the node exporter shall be run." }),
            enabledCollectors: mkOption({
              type: types.listOf(types.str),
              default: [],
              example: ["systemd"],
              description: "Collectors to enable. The collectors listed here are enabled in addition to the default ones.",
            }),
            disabledCollectors: mkOption({ type: types.listOf(types.str), default: [], example: ["timex"], description: "Collectors to disable which are enabled by default." }),
          },
        },
      },
    },
  },
  config: ({ config }: { config: any }) => {
    const cfg = config.services.prometheus.exporters.node;
    const enabled = (c: string) => (cfg.enabledCollectors as string[]).includes(c);
    const disabled = (c: string) => (cfg.disabledCollectors as string[]).includes(c);
    const user = `${name}-exporter`;
    return mkIf(cfg.enable, {
      services: { prometheus: { exporters: { node: { firewallRules: mkIf(cfg.openFirewall, mkDefault(`tcp dport ${cfg.port} accept comment "${name}-exporter"`)) } } } },
      users: {
        users: { [user]: mkIf(cfg.user === user, { description: `Prometheus ${name} exporter service user`, isSystemUser: true, group: cfg.group }) },
        groups: { [user]: mkIf(cfg.group === user, {}) },
      },
      networking: { firewall: { extraInputRules: mkIf(cfg.openFirewall && config.networking.nftables.enable && cfg.firewallRules !== null, `${cfg.firewallRules}`) } },
      systemd: {
        services: {
          [`prometheus-${name}-exporter`]: {
            wantedBy: ["multi-user.target"],
            after: ["network.target"],
            serviceConfig: {
              ExecStart: [cfg.package.bin("prometheus-node-exporter"), ...nodeExporterArgs(cfg)].join(" "),
              Restart: "always",
              PrivateTmp: true,
              WorkingDirectory: "/tmp",
              DynamicUser: false,
              User: cfg.user,
              Group: cfg.group,
              RuntimeDirectory: "prometheus-node-exporter",
              CapabilityBoundingSet: [""],
              DeviceAllow: [""],
              LockPersonality: true,
              MemoryDenyWriteExecute: true,
              NoNewPrivileges: true,
              PrivateDevices: true,
              // The timex collector reads the kernel clock's state (adjtimex).
              ProtectClock: disabled("timex"),
              ProtectControlGroups: true,
              ProtectHome: true,
              ProtectHostname: true,
              ProtectKernelLogs: true,
              ProtectKernelModules: true,
              ProtectKernelTunables: true,
              ProtectSystem: "strict",
              RemoveIPC: true,
              RestrictAddressFamilies: [
                "AF_INET",
                "AF_INET6",
                // D-Bus (logind and systemd collectors), netlink (network routes, wifi, netdev).
                ...(enabled("logind") || enabled("systemd") ? ["AF_UNIX"] : []),
                ...(enabled("network_route") || enabled("wifi") || !disabled("netdev") ? ["AF_NETLINK"] : []),
              ],
              RestrictNamespaces: true,
              RestrictRealtime: true,
              RestrictSUIDSGID: true,
              SystemCallArchitectures: "native",
              UMask: "0077",
            },
          },
        },
      },
    });
  },
}));
