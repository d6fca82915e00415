import { defineModule, mkOption, types } from "../../src/modules/index.ts";

/** networking.hostName, networking.domain, networking.hosts / extraHosts and /etc/hosts. */
export default defineModule({
  options: {
    networking: {
      hostName: mkOption({
        type: types.strMatching("^$|^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"),
        default: "keel",
        description: "The machine's name (RFC 1123: letters, digits and inner hyphens; up to 63 characters).",
      }),
      domain: mkOption({ type: types.nullOr(types.str), default: null, example: "home.arpa", description: "The machine's DNS domain, if any." }),
      hosts: mkOption({
        type: types.attrsOf(types.listOf(types.str)),
        default: {},
        example: { "192.168.0.2": ["fileserver.local", "nameserver.local"] },
        description: "Extra lines of /etc/hosts: addresses and their names.",
      }),
      extraHosts: mkOption({
        type: types.lines,
        default: "",
        example: "192.168.0.1 lanlocalhost",
        description: "Lines appended to /etc/hosts as they are.",
      }),
    },
  },
  config: ({ config }) => {
    const net = config.networking;
    const fqdn = net.domain ? `${net.hostName}.${net.domain} ` : "";
    const hosts = [
      "127.0.0.1 localhost",
      `127.0.1.1 ${fqdn}${net.hostName}`,
      "::1 localhost ip6-localhost ip6-loopback",
      "ff02::1 ip6-allnodes",
      "ff02::2 ip6-allrouters",
      ...Object.entries(net.hosts).map(([addr, names]) => `${addr} ${names.join(" ")}`),
      ...(net.extraHosts.trim() === "" ? [] : [net.extraHosts.trimEnd()]),
    ];
    return {
      environment: {
        etc: {
          hostname: { text: `${net.hostName}\n` },
          hosts: { text: `${hosts.join("\n")}\n` },
        },
      },
    };
  },
});
