import { defineModule, mkOption, types } from "../../src/modules/index.ts";

const addressOptions = (family: 4 | 6) =>
  types.submodule({
    options: {
      address: mkOption({ type: types.str, example: family === 4 ? "192.168.1.10" : "fd00::10", description: `IPv${family} address of the interface (without the prefix length).` }),
      prefixLength: mkOption({
        type: types.ints.between(0, family === 4 ? 32 : 128),
        example: family === 4 ? 24 : 64,
        description: `Subnet mask of the interface, as a prefix length (0 to ${family === 4 ? 32 : 128}).`,
      }),
    },
  });

const interfaceOptions = (family: 4 | 6) => ({
  addresses: mkOption({
    type: types.listOf(addressOptions(family)),
    default: [],
    example: [{ address: family === 4 ? "10.0.0.1" : "fdfd:b3f0:482::1", prefixLength: family === 4 ? 16 : 48 }],
    description: `Static IPv${family} addresses of the interface.`,
  }),
});

interface Gateway {
  address: string;
  interface: string | null;
  metric: number | null;
  source: string | null;
}

const gatewayType = types.coercedTo(
  types.str,
  (address: string): Gateway => ({ address, interface: null, metric: null, source: null }),
  types.submodule({
    options: {
      address: mkOption({ type: types.str, description: "The gateway's address." }),
      interface: mkOption({ type: types.nullOr(types.str), default: null, description: "The interface the gateway is reached through (its network gets the route even without addresses)." }),
      metric: mkOption({ type: types.nullOr(types.int), default: null, description: "The route's metric." }),
      source: mkOption({ type: types.nullOr(types.str), default: null, description: "The source address of packets sent through the gateway." }),
    },
  }) as never,
);

type Value = string | number | boolean;
interface NetworkDef {
  matchConfig: Record<string, Value>;
  address?: string[];
  networkConfig?: Record<string, Value>;
  linkConfig?: Record<string, Value>;
  routes: Record<string, Value>[];
}

/**
 * networking.interfaces, default gateways, name servers and search domains
 * (nixos/modules/tasks/network-interfaces{,-systemd}.nix), turned into systemd-networkd networks
 * named `40-<interface>` as NixOS names them, so they win over the catch-all DHCP network (99-).
 */
export default defineModule({
  options: {
    networking: {
      interfaces: mkOption({
        default: {},
        example: { eth0: { ipv4: { addresses: [{ address: "131.211.84.78", prefixLength: 25 }] } } },
        description: "Network interfaces by name (as `ip link` shows them): static addresses and DHCP.",
        type: types.attrsOf(
          types.submodule(({ name }: { name: string }) => ({
            options: {
              name: mkOption({ type: types.str, default: name, description: "The interface's name (default: the attribute name)." }),
              useDHCP: mkOption({
                type: types.nullOr(types.bool),
                default: null,
                description:
                  "Whether the interface gets addresses by DHCP (v4) and router advertisements. null: as networking.useDHCP says, if the interface has no static IPv4 address.",
              }),
              ipv4: interfaceOptions(4),
              ipv6: interfaceOptions(6),
              mtu: mkOption({ type: types.nullOr(types.ints.unsigned), default: null, example: 9000, description: "The interface's MTU in bytes; null keeps the default." }),
              macAddress: mkOption({ type: types.nullOr(types.str), default: null, example: "00:11:22:33:44:55", description: "A MAC address to set on the interface." }),
            },
          })),
        ),
      }),
      defaultGateway: mkOption({
        type: types.nullOr(gatewayType),
        default: null,
        example: { address: "131.211.84.1", interface: "enp3s0" },
        description: "The default IPv4 gateway: an address, or `{ address, interface, metric, source }`.",
      }),
      defaultGateway6: mkOption({
        type: types.nullOr(gatewayType),
        default: null,
        example: { address: "2001:4d0:1e04:895::1", interface: "enp3s0" },
        description: "The default IPv6 gateway: an address, or `{ address, interface, metric, source }`.",
      }),
      nameservers: mkOption({
        type: types.listOf(types.str),
        default: [],
        example: ["130.161.158.4", "130.161.33.17"],
        description: "Name servers every lookup uses (resolved's `DNS=`, or /etc/resolv.conf without resolved), besides any DHCP provides.",
      }),
      search: mkOption({
        type: types.listOf(types.str),
        default: [],
        example: ["example.com", "home.arpa"],
        description: "Domains searched for host names that are not fully qualified.",
      }),
    },
  },
  config: ({ config }) => {
    const net = config.networking;
    const gateways = [net.defaultGateway, net.defaultGateway6].filter((g): g is Gateway => g !== null && g.address !== "");
    // GatewayOnLink=no: networkd installs the route only once the gateway is reachable on the link.
    const routes = gateways.map((g) => ({
      Gateway: g.address,
      GatewayOnLink: false,
      ...(g.metric !== null ? { Metric: g.metric } : {}),
      ...(g.source !== null ? { PreferredSource: g.source } : {}),
    }));
    const networks: Record<string, NetworkDef> = {};
    for (const i of Object.values(net.interfaces)) {
      const dhcp = i.useDHCP ?? (net.useDHCP && i.ipv4.addresses.length === 0);
      networks[`40-${i.name}`] = {
        matchConfig: { Name: i.name },
        address: [...i.ipv4.addresses, ...i.ipv6.addresses].map((a) => `${a.address}/${a.prefixLength}`),
        networkConfig: { DHCP: dhcp ? "yes" : "no", IPv6AcceptRA: dhcp, IPv6PrivacyExtensions: "kernel" },
        linkConfig: { ...(i.mtu !== null ? { MTUBytes: i.mtu } : {}), ...(i.macAddress !== null ? { MACAddress: i.macAddress } : {}) },
        routes,
      };
    }
    for (const g of gateways) {
      if (g.interface !== null && networks[`40-${g.interface}`] === undefined) {
        networks[`40-${g.interface}`] = { matchConfig: { Name: g.interface }, routes };
      }
    }
    return { systemd: { network: { networks } } };
  },
});
