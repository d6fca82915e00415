import { defineModule, mkDefault, mkIf, mkMerge, mkOption, mkOptionDefault, mkPackageOption, mkRemovedOptionModule, types } from "../../src/modules/index.ts";
import type { PackageSet } from "../../src/packages/index.ts";
import { type Jail, jailFilterFiles, jailLocalText, toIni } from "./fail2ban-config.ts";

const atom = types.oneOf([types.bool, types.int, types.float, types.str]);
const iniType = types.attrsOf(types.attrsOf(atom));
const nullOrStr = (description: string, example: string) => mkOption({ type: types.nullOr(types.str), default: null, example, description });

const jailType = types.either(
  types.lines,
  types.submodule(({ name }: { name: string }) => ({
    options: {
      enabled: mkOption({ type: types.bool, default: true, readOnly: name === "DEFAULT", description: "Whether to enable this jail." }),
      filter: mkOption({ type: types.nullOr(types.either(types.str, iniType)), default: null, description: "The filter of this jail: the name of one in filter.d, or its content (written as filter.d/<jail>.conf)." }),
      settings: mkOption({ type: types.attrsOf(atom), default: {}, description: "Additional settings for this jail." }),
    },
  })),
);

/**
 * services.fail2ban (nixos/modules/services/security/fail2ban.nix) on Debian's fail2ban:
 * jail.local and fail2ban.local in NixOS's shape over the package's jail.conf, action.d and
 * filter.d, the journal as backend (python3-systemd), bans through nftables (`nft` from the
 * closure; Keel's firewall is nftables, so banaction defaults to nftables-multiport) and the
 * package's fail2ban.service with NixOS's sandboxing as a drop-in. The sshd jail is on when
 * services.openssh is, as in NixOS: Debian's jail.d/defaults-debian.conf, which turns it on
 * unconditionally, is replaced, and paths-debian.conf stands where NixOS has paths-nixos.conf.
 */
export default defineModule(({ pkgs }: { pkgs: PackageSet }) => ({
  imports: [
    mkRemovedOptionModule(["services", "fail2ban", "daemonConfig"], "The daemon is now configured through the attribute set `services.fail2ban.daemonSettings`."),
    mkRemovedOptionModule(["services", "fail2ban", "extraSettings"], "The extra default configuration can now be set using `services.fail2ban.jails.DEFAULT.settings`."),
  ],
  options: {
    services: {
      fail2ban: {
        enable: mkOption({ type: types.bool, default: false, description: "Whether to enable the fail2ban service. See services.fail2ban.jails for what jails are enabled by default." }),
        package: mkPackageOption(pkgs, "fail2ban"),
        packageFirewall: mkOption({ type: types.package, default: pkgs.nftables, defaultText: "pkgs.nftables", description: "The firewall package used by fail2ban service: nftables, Keel's firewall." }),
        extraPackages: mkOption({ type: types.listOf(types.package), default: [], description: "Extra packages to be made available to the fail2ban service." }),
        bantime: mkOption({ type: types.str, default: "10m", example: "1h", description: "Number of seconds that a host is banned." }),
        maxretry: mkOption({ type: types.ints.unsigned, default: 3, description: "Number of failures before a host gets banned." }),
        banaction: mkOption({
          type: types.str,
          defaultText: 'if config.networking.nftables.enable then "nftables-multiport" else "iptables-multiport"',
          description: "Default banning action (e.g. nftables-multiport, nftables-allports). It is used to define action_* variables; can be overridden per jail.",
        }),
        "banaction-allports": mkOption({
          type: types.str,
          defaultText: 'if config.networking.nftables.enable then "nftables-allports" else "iptables-allports"',
          description: 'Default banning action for "allports" jails.',
        }),
        "bantime-increment": {
          enable: mkOption({ type: types.bool, default: false, description: '"bantime.increment" allows to use database for searching of previously banned ip\'s to increase a default ban time using special formula, default it is banTime * 1, 2, 4, 8, 16, 32 ...' }),
          rndtime: nullOrStr('"bantime.rndtime" is the max number of seconds using for mixing with random time to prevent "clever" botnets calculate exact time IP can be unbanned again.', "8m"),
          maxtime: nullOrStr('"bantime.maxtime" is the max number of seconds using the ban time can reach (don\'t grows further).', "48h"),
          factor: nullOrStr('"bantime.factor" is a coefficient to calculate exponent growing of the formula or common multiplier.', "4"),
          formula: nullOrStr('"bantime.formula" used by default to calculate next value of ban time.', "ban.Time * math.exp(float(ban.Count+1)*banFactor)/math.exp(1*banFactor)"),
          multipliers: nullOrStr('"bantime.multipliers" used to calculate next value of ban time instead of formula.', "1 2 4 8 16 32 64"),
          overalljails: mkOption({
            type: types.nullOr(types.bool),
            default: null,
            example: true,
            description: '"bantime.overalljails" (if true) specifies the search of IP in the database will be executed cross over all jails.',
          }),
        },
        ignoreIP: mkOption({
          type: types.listOf(types.str),
          default: [],
          example: ["192.168.0.0/16", "2001:DB8::42"],
          description: "IP addresses, CIDR masks or DNS hosts fail2ban never bans (besides 127.0.0.1/8 and ::1).",
        }),
        daemonSettings: mkOption({ type: iniType, default: {}, description: "The contents of Fail2ban's main configuration file (fail2ban.local). It's generally not necessary to change it." }),
        jails: mkOption({
          type: types.attrsOf(jailType),
          default: {},
          example: { dovecot: { settings: { filter: "dovecot[mode=aggressive]", maxretry: 3 } } },
          description:
            "The configuration of each fail2ban jail: an action (banning an address in nftables) triggered when a filter matches a log more than maxretry times. Actions are in /etc/fail2ban/action.d, filters in /etc/fail2ban/filter.d. A jail given as a string is written as its lines. With services.openssh on, an `sshd` jail is on by default (sshd's LogLevel becomes VERBOSE unless set).",
        }),
      },
    },
  },
  config: ({ config }: { config: any }) => {
    const cfg = config.services.fail2ban;
    const nftables = config.networking.nftables.enable as boolean;
    const inc = cfg["bantime-increment"];
    const python = () => pkgs["python3.11-minimal"].bin("python3.11");
    const jails = () => cfg.jails as Record<string, Jail>;
    const files = () => ({ jail: jailLocalText(jails(), "paths-debian.conf"), daemon: toIni(cfg.daemonSettings) });
    const increment: Record<string, string | boolean> = {};
    if (inc.enable) {
      increment["bantime.increment"] = true;
      for (const key of ["rndtime", "maxtime", "factor", "formula", "multipliers", "overalljails"]) if (inc[key] !== null) increment[`bantime.${key}`] = inc[key];
    }
    return mkMerge([
      { services: { fail2ban: { banaction: mkOptionDefault(nftables ? "nftables-multiport" : "iptables-multiport"), "banaction-allports": mkOptionDefault(nftables ? "nftables-allports" : "iptables-allports") } } },
      mkIf(cfg.enable, {
        assertions: [
          {
            assertion: inc.formula === null || inc.multipliers === null,
            message: "Options `services.fail2ban.bantime-increment.formula` and `services.fail2ban.bantime-increment.multipliers` cannot be both specified.",
          },
        ],
        warnings: mkIf(!config.networking.firewall.enable && !nftables, ["fail2ban can not be used without a firewall"]),
        // python3-systemd: the journal backend; Debian's fail2ban only recommends it.
        environment: {
          systemPackages: [cfg.package, pkgs["python3-systemd"]],
          etc: {
            "fail2ban/fail2ban.local": { get text() { return files().daemon; } },
            "fail2ban/jail.local": { get text() { return files().jail; } },
            "fail2ban/jail.d/defaults-debian.conf": { text: "# Keel: jails are services.fail2ban.jails, in jail.local; Debian's unconditional sshd jail is left out.\n" },
            ...Object.fromEntries(Object.entries(jailFilterFiles(jails())).map(([path, text]) => [path, { text }])),
          },
        },
        systemd: {
          services: {
            fail2ban: {
              wantedBy: ["multi-user.target"],
              // A reload of the firewall's ruleset flushes fail2ban's table too: restart fail2ban with it.
              partOf: config.networking.firewall.enable ? ["nftables.service"] : [],
              get restartTriggers() {
                const f = files();
                return [pkgs.writeText("fail2ban.local", f.daemon).outPath, pkgs.writeText("jail.local", f.jail).outPath];
              },
              path: [cfg.package, cfg.packageFirewall, pkgs.iproute2, ...cfg.extraPackages],
              serviceConfig: {
                // Debian's commands, started by python3.11 itself: the scripts' #!/usr/bin/python3 is
                // python3-minimal's relative link to python3.11, another package, which Keel's /usr
                // does not resolve yet. "" first: these replace the lines of Debian's unit.
                ExecStart: ["", `${python()} ${cfg.package.bin("fail2ban-server")} -xf start`],
                ExecStop: ["", `${python()} ${cfg.package.bin("fail2ban-client")} stop`],
                ExecReload: ["", `${python()} ${cfg.package.bin("fail2ban-client")} reload`],
                CapabilityBoundingSet: ["CAP_AUDIT_READ", "CAP_DAC_READ_SEARCH", "CAP_NET_ADMIN", "CAP_NET_RAW"],
                NoNewPrivileges: true,
                RuntimeDirectory: "fail2ban",
                RuntimeDirectoryMode: "0750",
                StateDirectory: "fail2ban",
                StateDirectoryMode: "0750",
                LogsDirectory: "fail2ban",
                LogsDirectoryMode: "0750",
                ProtectSystem: "strict",
                ProtectHome: true,
                PrivateTmp: true,
                PrivateDevices: true,
                ProtectHostname: true,
                ProtectKernelTunables: true,
                ProtectKernelModules: true,
                ProtectControlGroups: true,
              },
            },
          },
        },
        services: {
          fail2ban: {
            daemonSettings: {
              Definition: {
                logtarget: mkDefault("SYSLOG"),
                socket: mkDefault("/run/fail2ban/fail2ban.sock"),
                pidfile: mkDefault("/run/fail2ban/fail2ban.pid"),
                dbfile: mkDefault("/var/lib/fail2ban/fail2ban.sqlite3"),
              },
            },
            jails: mkMerge([
              {
                DEFAULT: {
                  settings: {
                    ...increment,
                    banaction: cfg.banaction,
                    maxretry: cfg.maxretry,
                    bantime: cfg.bantime,
                    // NixOS's string, trailing space and all (networking.enableIPv6 is always on here).
                    ignoreip: `127.0.0.1/8 ::1 ${(cfg.ignoreIP as string[]).join(" ")}`,
                    backend: "systemd",
                    banaction_allports: cfg["banaction-allports"],
                  },
                },
              },
              mkIf(config.services.openssh.enable, { sshd: { settings: { port: mkDefault((config.services.openssh.ports as number[]).join(",")) } } }),
            ]),
          },
          openssh: { settings: { LogLevel: mkDefault("VERBOSE") } },
        },
      }),
    ]);
  },
}));
