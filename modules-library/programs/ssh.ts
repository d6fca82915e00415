import { basename } from "node:path";
import { defineModule, mkDefault, mkIf, mkOption, mkOptionDefault, mkPackageOption, types } from "../../src/modules/index.ts";
import { type KnownHost, knownHostsText } from "./ssh-known-hosts.ts";

const algorithms = (what: string, example: string[], nullable: boolean) =>
  nullable
    ? mkOption({ type: types.nullOr(types.listOf(types.str)), default: null, example, description: `${what}; null leaves OpenSSH's default.` })
    : mkOption({ type: types.listOf(types.str), default: [], example, description: `${what}; empty leaves OpenSSH's default.` });

const knownHost = ({ name, config }: { name: string; config: { extraHostNames: string[] } }) => ({
  options: {
    certAuthority: mkOption({ type: types.bool, default: false, description: "Whether this public key is an SSH certificate authority, rather than an individual host's key." }),
    hostNames: mkOption({
      type: types.listOf(types.str),
      description: "Host names and/or IP addresses the host's SSH service is reached by. By default the attribute name and extraHostNames; set it to use other names (several entries with the same hostNames give one host several keys).",
    }),
    extraHostNames: mkOption({ type: types.listOf(types.str), default: [], description: "More host names and/or IP addresses; ignored when hostNames is set." }),
    publicKey: mkOption({
      type: types.nullOr(types.str),
      default: null,
      example: "ecdsa-sha2-nistp521 AAAAE2VjZHN...UEPg==",
      description: "The host's public key (type and key, no host names), as `ssh-keyscan` prints it.",
    }),
    publicKeyFile: mkOption({
      type: types.nullOr(types.path),
      default: null,
      description: "A file holding the host's public key, read when the configuration is built. One key only: use programs.ssh.knownHostsFiles for several.",
    }),
  },
  config: { hostNames: mkOptionDefault([name, ...config.extraHostNames]) },
});

/**
 * programs.ssh (nixos/modules/programs/ssh.nix): the OpenSSH client's system-wide configuration.
 * /etc/ssh/ssh_config is NixOS's layout (extraConfig first, since ssh takes the first value it
 * reads for a keyword, then `Host *` with the generated settings) and replaces Debian's; the
 * server's sshd_config is services.openssh's. NixOS's systemd-ssh-proxy include is left out:
 * Debian 12's systemd (252) does not ship it.
 */
export default defineModule(({ pkgs }: { pkgs: unknown }) => ({
  options: {
    programs: {
      ssh: {
        package: mkPackageOption(pkgs, "openssh-client", { extraDescription: "It provides ssh, scp, ssh-add and ssh-agent." }),
        forwardX11: mkOption({
          type: types.nullOr(types.bool),
          default: false,
          description: "Whether outgoing connections request X11 forwarding by default (`ForwardX11`); null leaves it unset. `ssh -X`/`-x` choose per connection.",
        }),
        setXAuthLocation: mkOption({
          type: types.bool,
          description: "Whether `XAuthLocation` names the xauth program, for X11-forwarded connections (needs `xauth` in keel.lock). On by default when forwardX11 or services.openssh.settings.X11Forwarding is.",
        }),
        pubkeyAcceptedKeyTypes: algorithms("Key types used for public key authentication (`PubkeyAcceptedKeyTypes`)", ["ssh-ed25519", "ssh-rsa"], false),
        hostKeyAlgorithms: algorithms("Host key algorithms the client wants, in order of preference (`HostKeyAlgorithms`)", ["ssh-ed25519", "ssh-rsa"], false),
        kexAlgorithms: algorithms("Key exchange algorithms (`KexAlgorithms`)", ["curve25519-sha256@libssh.org", "diffie-hellman-group-exchange-sha256"], true),
        ciphers: algorithms("Ciphers, in order of preference (`Ciphers`)", ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com"], true),
        macs: algorithms("MAC algorithms, in order of preference (`MACs`)", ["hmac-sha2-512-etm@openssh.com", "hmac-sha1"], true),
        extraConfig: mkOption({
          type: types.lines,
          default: "",
          example: "Host gitlab.example.com\n  User git\n  IdentityFile ~/.ssh/gitlab",
          description: "Text put at the top of /etc/ssh/ssh_config, so it overrides the generated settings, which follow under `Host *`. See ssh_config(5).",
        }),
        startAgent: mkOption({
          type: types.bool,
          default: false,
          description: "Whether every user's systemd manager runs ssh-agent (socket `$XDG_RUNTIME_DIR/ssh-agent`, exported as SSH_AUTH_SOCK by login shells). `ssh-add` adds keys to it.",
        }),
        agentTimeout: mkOption({ type: types.nullOr(types.str), default: null, example: "1h", description: "How long the agent keeps keys (`ssh-agent -t`); null keeps them forever." }),
        agentPKCS11Whitelist: mkOption({
          type: types.nullOr(types.str),
          default: null,
          description: "A pattern-list of PKCS#11 libraries `ssh-add -s` may load (`ssh-agent -P`).",
        }),
        knownHosts: mkOption({
          type: types.attrsOf(types.submodule(knownHost)),
          default: {},
          example: { myhost: { extraHostNames: ["myhost.example.com", "10.10.1.4"], publicKey: "ssh-ed25519 AAAAC3Nza..." } },
          description:
            "System-wide known SSH hosts (/etc/ssh/ssh_known_hosts). The attribute name is a host name of the entry unless hostNames is set; extraHostNames adds more.",
        }),
        knownHostsFiles: mkOption({
          type: types.listOf(types.path),
          default: [],
          description: "Files of SSH host keys (known_hosts format) trusted system-wide, copied into the store. /etc/ssh/ssh_known_hosts (from knownHosts) is always used too.",
        }),
      },
    },
  },
  config: ({ config, pkgs }: { config: any; pkgs: any }) => {
    const cfg = config.programs.ssh;
    // Getters: the text reads setXAuthLocation, which this module defines too.
    const known = () => knownHostsText(cfg.knownHosts as Record<string, KnownHost>);
    const agentArgs = () => [
      ...(cfg.agentTimeout !== null ? ["-t", cfg.agentTimeout] : []),
      ...(cfg.agentPKCS11Whitelist !== null ? ["-P", cfg.agentPKCS11Whitelist] : []),
      "-a",
      "%t/ssh-agent",
    ];
    return {
      programs: {
        ssh: {
          get setXAuthLocation() {
            return mkDefault(cfg.forwardX11 === true || config.services.openssh.settings.X11Forwarding === true);
          },
        },
      },
      environment: {
        // NixOS puts the client in every system (environment.corePackages).
        systemPackages: [cfg.package],
        etc: {
          "ssh/ssh_config": {
            get text() {
              return sshConfigText(cfg, pkgs);
            },
          },
          "ssh/ssh_known_hosts": {
            get text() {
              return known().text;
            },
          },
        },
        // Not in environment.variables: a forwarded agent (ssh -A) must keep its socket.
        extraInit: mkIf(cfg.startAgent, 'if [ -z "$SSH_AUTH_SOCK" ] && [ -n "$XDG_RUNTIME_DIR" ]; then\n  export SSH_AUTH_SOCK="$XDG_RUNTIME_DIR/ssh-agent"\nfi'),
      },
      systemd: {
        user: {
          services: {
            "ssh-agent": mkIf(cfg.startAgent, {
              description: "SSH Agent",
              wantedBy: ["default.target"],
              unitConfig: { ConditionUser: "!@system" },
              serviceConfig: {
                ExecStartPre: `${pkgs.coreutils.bin("rm")} -f %t/ssh-agent`,
                get ExecStart() {
                  return `${cfg.package.bin("ssh-agent")} ${agentArgs().join(" ")}`;
                },
                StandardOutput: "null",
                Type: "forking",
                Restart: "on-failure",
                SuccessExitStatus: "0 2",
              },
              // ssh-add -c asks for confirmation through SSH_ASKPASS, which ssh-agent runs only with a DISPLAY.
              environment: { DISPLAY: "fake" },
            }),
          },
        },
      },
      get assertions() {
        return [
          { assertion: !(cfg.forwardX11 === true && !cfg.setXAuthLocation), message: "cannot enable X11 forwarding without setting XAuth location" },
          ...known().problems.map((message) => ({ assertion: false, message })),
        ];
      },
    };
  },
}));

/** /etc/ssh/ssh_config in NixOS's layout: extraConfig first, then `Host *` and the generated settings. */
function sshConfigText(cfg: any, pkgs: any): string {
  const globalKnownHostsFiles = ["/etc/ssh/ssh_known_hosts", ...cfg.knownHostsFiles.map((f: string) => pkgs.copyPath(basename(String(f)), String(f)).outPath)];
  const generated = [
    `GlobalKnownHostsFile ${globalKnownHostsFiles.join(" ")}`,
    ...(cfg.setXAuthLocation ? [`XAuthLocation ${pkgs.xauth.bin("xauth")}`] : []),
    ...(cfg.forwardX11 !== null ? [`ForwardX11 ${cfg.forwardX11 ? "yes" : "no"}`] : []),
    ...(cfg.pubkeyAcceptedKeyTypes.length > 0 ? [`PubkeyAcceptedKeyTypes ${cfg.pubkeyAcceptedKeyTypes.join(",")}`] : []),
    ...(cfg.hostKeyAlgorithms.length > 0 ? [`HostKeyAlgorithms ${cfg.hostKeyAlgorithms.join(",")}`] : []),
    ...(cfg.kexAlgorithms !== null ? [`KexAlgorithms ${cfg.kexAlgorithms.join(",")}`] : []),
    ...(cfg.ciphers !== null ? [`Ciphers ${cfg.ciphers.join(",")}`] : []),
    ...(cfg.macs !== null ? [`MACs ${cfg.macs.join(",")}`] : []),
  ];
  return `${[
    "# Custom options from `extraConfig`, to override generated options",
    ...(cfg.extraConfig.trim() === "" ? [] : [cfg.extraConfig.trimEnd()]),
    "",
    "# Generated options from other settings",
    "Host *",
    ...generated,
  ].join("\n")}\n`;
}
