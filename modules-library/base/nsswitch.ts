import { defineModule, mkBefore, mkMerge, mkOption, mkOrder, OrderPriority, types } from "../../src/modules/index.ts";

/**
 * The two places NixOS's nsswitch.nix orders `hosts` around: `files` just after what modules put
 * first with mkBefore (avahi's `mdns4_minimal [NOTFOUND=return]`, which must answer .local
 * before /etc/hosts is consulted), `dns` just before what they append with mkAfter (avahi's
 * `mdns4`, the slow fallback). NixOS writes them as mkOrder 998 and 1499.
 */
const filesOrder = OrderPriority.default - 2;
const dnsOrder = OrderPriority.after - 1;

const database = (description: string) => mkOption({ type: types.listOf(types.str), default: [], description });

/**
 * /etc/nsswitch.conf from `system.nssDatabases` (nixos/modules/config/nsswitch.nix), so modules
 * add NSS services as NixOS's do (services.avahi.nssmdns4 adds mdns4). The other lines are
 * Debian's. NSS modules (`system.nssModules`) are Debian packages installed system-wide: glibc
 * loads libnss_*.so from /lib/x86_64-linux-gnu, which is the generation's /usr/lib.
 */
export default defineModule({
  options: {
    system: {
      nssModules: mkOption({ type: types.listOf(types.package), default: [], description: "Packages of NSS modules (libnss_*.so) the databases below name; installed system-wide." }),
      nssDatabases: {
        passwd: database("List of passwd entries to configure in /etc/nsswitch.conf. Note that \"files\" is always prepended."),
        group: database("List of group entries to configure in /etc/nsswitch.conf. Note that \"files\" is always prepended."),
        shadow: database("List of shadow entries to configure in /etc/nsswitch.conf. Note that \"files\" is always prepended."),
        hosts: database('List of hosts entries to configure in /etc/nsswitch.conf. "files" and "dns" are always there; mkBefore puts an entry ahead of "files", mkAfter after "dns".'),
        services: database("List of services entries to configure in /etc/nsswitch.conf. Note that \"files\" is always prepended."),
      },
    },
  },
  config: ({ config }) => {
    const db = config.system.nssDatabases;
    const line = (name: string, services: string[]) => `${`${name}:`.padEnd(16)}${services.join(" ")}`;
    return {
      system: {
        nssDatabases: {
          passwd: mkBefore(["files"]),
          group: mkBefore(["files"]),
          shadow: mkBefore(["files"]),
          hosts: mkMerge([mkOrder(filesOrder, ["files"]), mkOrder(dnsOrder, ["dns"])]),
          services: mkBefore(["db", "files"]),
        },
      },
      environment: {
        systemPackages: config.system.nssModules,
        etc: {
          "nsswitch.conf": {
            text: [
              line("passwd", db.passwd),
              line("group", db.group),
              line("shadow", db.shadow),
              line("gshadow", ["files"]),
              line("hosts", db.hosts),
              line("networks", ["files"]),
              line("protocols", ["db", "files"]),
              line("services", db.services),
              line("ethers", ["db", "files"]),
              line("rpc", ["db", "files"]),
              "",
            ].join("\n"),
          },
        },
      },
    };
  },
});
