import { defineModule, mkDefault, mkIf, mkOption, types } from "../../src/modules/index.ts";
import { renderSectionLines, type UnitSection, type UnitValue } from "../../src/system/units/unit-text.ts";
import { unitOption } from "../lib/unit-option.ts";

/**
 * A systemd.network(5) file: sections in order (a section may repeat, as [Route] does), keys
 * sorted and checked as unit sections are (renderSectionLines); booleans as networkd's yes/no,
 * empty sections dropped.
 */
export function renderNetworkFile(sections: readonly (readonly [string, Record<string, unknown>])[]): string {
  const blocks: string[] = [];
  for (const [name, keys] of sections) {
    const section: UnitSection = {};
    for (const [k, v] of Object.entries(keys)) section[k] = typeof v === "boolean" ? (v ? "yes" : "no") : (v as UnitValue);
    const lines = renderSectionLines(`.network [${name}]`, section);
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
                domains: mkOption({ type: types.listOf(types.str), default: [], description: "Search and routing domains (`Domains=`)." }),
                linkConfig: mkOption({ type: types.attrsOf(unitOption), default: {}, example: { MTUBytes: 9000 }, description: "The `[Link]` section." }),
                dhcpV4Config: mkOption({ type: types.attrsOf(unitOption), default: {}, description: "The `[DHCPv4]` section." }),
                routes: mkOption({
                  type: types.listOf(types.attrsOf(unitOption)),
                  default: [],
                  example: [{ Gateway: "192.168.1.1", GatewayOnLink: false }],
                  description: "`[Route]` sections, one per route.",
                }),
              },
            }),
          ),
        }),
      },
    },
  },
  config: ({ config }) => {
    const networks = { ...config.systemd.network.networks };
    const files: Record<string, { text: string }> = {};
    for (const [name, n] of Object.entries(networks)) {
      files[`systemd/network/${name}.network`] = {
        text: renderNetworkFile([
          ["Match", n.matchConfig],
          ["Link", n.linkConfig],
          ["Network", { ...n.networkConfig, Address: n.address, Gateway: n.gateway, DNS: n.dns, Domains: n.domains.length > 0 ? n.domains.join(" ") : null }],
          ["DHCPv4", n.dhcpV4Config],
          ...n.routes.map((r) => ["Route", r] as const),
        ]),
      };
    }
    if (config.networking.useDHCP) {
      files["systemd/network/99-keel-dhcp.network"] = {
        text: renderNetworkFile([
          ["Match", { Name: "en* eth*" }],
          ["Network", { DHCP: "yes" }],
          ["DHCPv4", { ClientIdentifier: "mac" }],
        ]),
      };
    }
    return mkIf(config.networking.useNetworkd, {
      environment: {
        etc: files,
      },
      // As NixOS: networkd hands the DNS servers it learns to resolved.
      services: { resolved: { enable: mkDefault(true) } },
      systemd: {
        units: {
          "systemd-networkd.service": { wantedBy: ["multi-user.target"], text: "", overrideStrategy: "asDropin" },
          "systemd-networkd.socket": { wantedBy: ["sockets.target"], text: "", overrideStrategy: "asDropin" },
        },
      },
    });
  },
});
