import { defineModule, mkIf, mkOption, mkRemovedOptionModule, types } from "../../src/modules/index.ts";
import type { Package, PackageSet } from "../../src/packages/index.ts";
import { checkedNginxConfig } from "./nginx-check.ts";
import { type NginxSettings, recommendedProxyHeaders, renderNginxConfig } from "./nginx-config.ts";
import { nginxOptions } from "./nginx-options.ts";

/** What the module reads of services.nginx. */
type NginxModuleConfig = NginxSettings & {
  enable: boolean;
  package: Package;
  defaultMimeTypes: string;
  validateConfigFile: boolean;
  enableReload: boolean;
  user: string;
  group: string;
  preStart: string;
};

/**
 * services.nginx (nixos/modules/services/web-servers/nginx/default.nix) on Debian's nginx: the
 * config generated in NixOS's shape and checked by `nginx -t` at build time, and NixOS's unit —
 * nginx runs as its own account (master included: CAP_NET_BIND_SERVICE binds port 80), with
 * /run/nginx, /var/cache/nginx and /var/log/nginx made by systemd and NixOS's sandboxing.
 * nginx is not added to environment.systemPackages (as in NixOS): Debian's own nginx.service
 * (forking, /run/nginx.pid, /etc/nginx) would otherwise sit under this unit.
 */
export default defineModule(({ pkgs }: { pkgs: PackageSet }) => ({
  imports: [
    mkRemovedOptionModule(
      ["services", "nginx", "stateDir"],
      "The nginx log directory is /var/log/nginx and the cache (temp files) /var/cache/nginx, both made by the unit; services.nginx.stateDir has been removed.",
    ),
  ],
  options: {
    services: {
      nginx: {
        ...nginxOptions(pkgs, pkgs["nginx-common"].path("etc/nginx/mime.types")),
        configText: mkOption({ type: types.str, readOnly: true, internal: true, description: "The generated nginx.conf (computed)." }),
      },
    },
  },
  config: ({ config }: { config: any }) => {
    const cfg: NginxModuleConfig = config.services.nginx;
    const pkg = cfg.package;
    const text = renderNginxConfig(cfg, {
      mimeTypes: cfg.defaultMimeTypes,
      confDir: pkgs["nginx-common"].path("etc/nginx"),
      proxyHeaders: pkgs.writeText("nginx-recommended-proxy-headers.conf", recommendedProxyHeaders).outPath,
    });
    // The checked file is a derivation; it is made only when the unit (or /etc) is rendered.
    let checked: string | undefined;
    const configFile = () =>
      (checked ??= checkedNginxConfig(pkgs, pkg, text, { check: cfg.validateConfigFile, hostsText: config.environment.etc.hosts?.text ?? "127.0.0.1 localhost\n::1 localhost\n" }).outPath);
    // With reloads the unit names /etc/nginx/nginx.conf, which a switch swaps before the reload.
    const configPath = () => (cfg.enableReload ? "/etc/nginx/nginx.conf" : configFile());
    const nginx = () => `${pkg.bin("nginx")} -c '${configPath()}'`;
    const vhosts = Object.entries(cfg.virtualHosts);
    return {
      services: { nginx: { configText: text } },
      assertions: mkIf(cfg.enable, [
        {
          assertion: vhosts.every(([, v]) => Object.values(v.locations).every((l) => l.root === null || l.alias === null)),
          message: "Only one of nginx root or alias can be specified on a location.",
        },
        {
          assertion: vhosts.every(([, v]) => [v.addSSL, v.onlySSL, v.forceSSL].filter(Boolean).length <= 1),
          message: "Options services.nginx.virtualHosts.<name>.addSSL, services.nginx.virtualHosts.<name>.onlySSL and services.nginx.virtualHosts.<name>.forceSSL are mutually exclusive.",
        },
        ...vhosts.map(([name, v]) => ({
          assertion: !(v.addSSL || v.onlySSL || v.forceSSL) || (v.sslCertificate !== null && v.sslCertificateKey !== null),
          message: `services.nginx.virtualHosts.${name} serves HTTPS: set its sslCertificate and sslCertificateKey (Keel has no ACME).`,
        })),
      ]),
      environment: { etc: { "nginx/nginx.conf": mkIf(cfg.enable && cfg.enableReload, { get source() { return configFile(); } }) } },
      users: {
        users: mkIf(cfg.enable && cfg.user === "nginx", { nginx: { isSystemUser: true, group: cfg.group, description: "nginx web server" } }),
        groups: mkIf(cfg.enable && cfg.group === "nginx", { nginx: {} }),
      },
      systemd: {
        services: {
          nginx: mkIf(cfg.enable, {
            description: "Nginx Web Server",
            wantedBy: ["multi-user.target"],
            after: ["network.target"],
            // A change restarts nginx once, after the switch: no window without a web server.
            stopIfChanged: false,
            reloadIfChanged: cfg.enableReload,
            get restartTriggers() {
              return [configFile()];
            },
            // As NixOS: the user's preStart, then nginx's own check of the file it will load.
            get preStart() {
              return `${cfg.preStart}\n${nginx()} -t`;
            },
            startLimitIntervalSec: 60,
            serviceConfig: {
              // Each list starts empty (""): should Debian's nginx.service be installed too (pkgs.nginx
              // in systemPackages), this unit becomes a drop-in over it, and its forking commands
              // must not run first.
              Type: "simple",
              PIDFile: "",
              ExecStartPre: "",
              get ExecStart() {
                return ["", nginx()];
              },
              get ExecReload() {
                return ["", `${nginx()} -t`, `${pkgs.procps.bin("kill")} -HUP $MAINPID`];
              },
              ExecStop: "",
              Restart: "always",
              RestartSec: "10s",
              User: cfg.user,
              Group: cfg.group,
              RuntimeDirectory: "nginx",
              RuntimeDirectoryMode: "0750",
              StateDirectory: "nginx",
              StateDirectoryMode: "0750",
              CacheDirectory: "nginx",
              CacheDirectoryMode: "0750",
              LogsDirectory: "nginx",
              LogsDirectoryMode: "0750",
              ProcSubset: "pid",
              ProtectProc: "invisible",
              UMask: "0027",
              AmbientCapabilities: ["CAP_NET_BIND_SERVICE", "CAP_SYS_RESOURCE"],
              CapabilityBoundingSet: ["CAP_NET_BIND_SERVICE", "CAP_SYS_RESOURCE"],
              NoNewPrivileges: true,
              ProtectSystem: "strict",
              ProtectHome: true,
              PrivateTmp: true,
              PrivateDevices: true,
              ProtectHostname: true,
              ProtectClock: true,
              ProtectKernelTunables: true,
              ProtectKernelModules: true,
              ProtectKernelLogs: true,
              ProtectControlGroups: true,
              RestrictAddressFamilies: ["AF_UNIX", "AF_INET", "AF_INET6"],
              RestrictNamespaces: true,
              LockPersonality: true,
              // Debian's nginx has PCRE JIT compiled in but off unless `pcre_jit on`, which this forbids.
              MemoryDenyWriteExecute: true,
              RestrictRealtime: true,
              RestrictSUIDSGID: true,
              RemoveIPC: true,
              PrivateMounts: true,
              SystemCallArchitectures: "native",
              SystemCallFilter: ["~@cpu-emulation @debug @keyring @mount @obsolete @privileged @setuid", "~@ipc"],
            },
          }),
        },
      },
    };
  },
}));
