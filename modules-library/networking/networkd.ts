import { defineModule, mkIf, mkOption, types } from "../../src/modules/index.ts";
import { unitOption } from "../lib/unit-option.ts";

function renderNetworkFile(sections: Record<string, Record<string, unknown>>): string {
  const blocks: string[] = [];
  for (const [name, keys] of Object.entries(sections)) {
    const lines = Object.entries(keys)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}=${x}`) : v === null || v === undefined ? [] : [`${k}=${typeof v === "boolean" ? (v ? "yes" : "no") : v}`]));
    if (lines.length > 0) blocks.push([`[${name}]`, ...lines].join("\n"));
  }
  return `${blocks.join("\n\n")}\n`;
}

/** Networking with systemd-networkd: `.network` files from options, DHCP on wired links by default. */
export default defineModule({
  options: {
    networking: {
      useNetworkd: mkOption({ type: types.bool, default: true, description: "Whether systemd-networkd configures the network." }),
      useDHCP: mkOption({ type: types.bool, default: true, description: "Whether every wired interface (en*, eth*) gets its address by DHCP, unless a network below matches it first." }),
    },
    systemd: {
      network: {
        networks: mkOption({
          default: {},
          description: "systemd.network(5) files by name, e.g. `10-lan`: each section an attribute set of keys.",
          type: types.attrsOf(
            types.submodule({
              options: {
                matchConfig: mkOption({ type: types.attrsOf(unitOption), default: {}, example: { Name: "enp1s0" }, description: "The `[Match]` section." }),
                networkConfig: mkOption({ type: types.attrsOf(unitOption), default: {}, example: { DHCP: "yes" }, description: "The `[Network]` section." }),
                address: mkOption({ type: types.listOf(types.str), default: [], example: ["192.168.1.2/24"], description: "Static addresses (`Address=`)." }),
                gateway: mkOption({ type: types.listOf(types.str), default: [], description: "Gateways (`Gateway=`)." }),
                dns: mkOption({ type: types.listOf(types.str), default: [], description: "DNS servers (`DNS=`)." }),
              },
            }),
          ),
        }),
      },
    },
  },
  config: ({ config, pkgs }) => {
    const networks = { ...config.systemd.network.networks };
    const files: Record<string, { text: string }> = {};
    for (const [name, n] of Object.entries(networks)) {
      files[`systemd/network/${name}.network`] = {
        text: renderNetworkFile({
          Match: n.matchConfig,
          Network: { ...n.networkConfig, Address: n.address, Gateway: n.gateway, DNS: n.dns },
        }),
      };
    }
    if (config.networking.useDHCP) {
      files["systemd/network/99-keel-dhcp.network"] = {
        text: renderNetworkFile({ Match: { Name: "en* eth*" }, Network: { DHCP: "yes" }, DHCPv4: { ClientIdentifier: "mac" } }),
      };
    }
    return mkIf(config.networking.useNetworkd, {
      environment: {
        etc: { ...files, "resolv.conf": { source: "/run/systemd/resolve/stub-resolv.conf" } },
        systemPackages: [pkgs["systemd-resolved"]],
      },
      users: {
        users: { "systemd-resolve": { isSystemUser: true, group: "systemd-resolve", home: "/nonexistent" } },
        groups: { "systemd-resolve": {} },
      },
      systemd: {
        units: {
          "systemd-networkd.service": { wantedBy: ["multi-user.target"], text: "", overrideStrategy: "asDropin" },
          "systemd-networkd.socket": { wantedBy: ["sockets.target"], text: "", overrideStrategy: "asDropin" },
          "systemd-resolved.service": { wantedBy: ["multi-user.target"], text: "", overrideStrategy: "asDropin" },
        },
      },
    });
  },
});
