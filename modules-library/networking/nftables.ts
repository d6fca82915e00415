import { defineModule, mkIf, mkOption, types } from "../../src/modules/index.ts";
import { checkedNftRuleset, renderNftRuleset, renderNftStop } from "./nftables-ruleset.ts";

const tableOptions = ({ name }: { name: string }) => ({
  options: {
    enable: mkOption({ type: types.bool, default: true, description: "Whether the table is part of the ruleset." }),
    name: mkOption({ type: types.str, default: name, description: "The table's name (default: the attribute name)." }),
    family: mkOption({
      type: types.enum(["ip", "ip6", "inet", "arp", "bridge", "netdev"]),
      description: "The table's address family (nft(8), ADDRESS FAMILIES).",
    }),
    content: mkOption({ type: types.lines, default: "", description: "The table's body: its chains, sets and maps, in nft syntax." }),
  },
});

/**
 * networking.nftables (nixos/modules/services/networking/nftables.nix): one ruleset file in the
 * store, checked by `nft --check` at build time and loaded by `nftables.service` before
 * network-pre.target, so no interface is up before the rules are.
 */
export default defineModule({
  options: {
    networking: {
      nftables: {
        enable: mkOption({
          type: types.bool,
          default: false,
          description: "Whether to load an nftables ruleset at boot (`nftables.service`). The firewall (networking.firewall) turns this on.",
        }),
        ruleset: mkOption({
          type: types.lines,
          default: "",
          example: "table inet filter {\n  chain input { type filter hook input priority 0; policy accept; }\n}",
          description: "nftables rules in nft syntax, loaded after the tables of networking.nftables.tables.",
        }),
        tables: mkOption({
          type: types.attrsOf(types.submodule(tableOptions)),
          default: {},
          description: "Tables of the ruleset by name. The firewall adds its own (`keel-fw`).",
        }),
        flushRuleset: mkOption({
          type: types.bool,
          default: true,
          description:
            "Whether loading the ruleset first removes every rule in the kernel, whoever added it. With false only the declared tables are replaced, so rules other software adds (Docker, libvirt) survive a reload.",
        }),
        checkRuleset: mkOption({ type: types.bool, default: true, description: "Whether the ruleset is checked with `nft --check` when the system is built." }),
        preCheckRuleset: mkOption({
          type: types.lines,
          default: "",
          example: 'sed \'s/skgid meadow/skgid nogroup/g\' -i ruleset.conf',
          description: "Shell commands editing a scratch copy (`ruleset.conf`) before the check, for rules only the target machine can satisfy.",
        }),
        rulesetText: mkOption({ type: types.str, internal: true, readOnly: true, description: "The generated ruleset (computed)." }),
      },
    },
  },
  config: ({ config, pkgs }) => {
    const cfg = config.networking.nftables;
    const tables = Object.values(cfg.tables).filter((t) => t.enable);
    const text = renderNftRuleset({ flushRuleset: cfg.flushRuleset, tables, ruleset: cfg.ruleset });
    const nft = pkgs.nftables.bin("nft");
    // Getters: the checked file is a derivation; make it only when the unit is rendered.
    let rulesFile: string | undefined;
    const rules = () => (rulesFile ??= checkedNftRuleset(pkgs, text, { check: cfg.checkRuleset, preCheck: cfg.preCheckRuleset }).outPath);
    const stop = pkgs.writeText("nftables-stop", renderNftStop({ flushRuleset: cfg.flushRuleset, tables })).outPath;
    return {
      networking: { nftables: { rulesetText: text } },
      environment: { systemPackages: mkIf(cfg.enable, [pkgs.nftables]) },
      boot: mkIf(cfg.enable, {
        // As NixOS: iptables' legacy tables next to nftables would be a second, unseen firewall
        // (systemd's PID 1 loads ip_tables at every boot unless it is blacklisted).
        blacklistedKernelModules: ["ip_tables"],
        // nfnetlink and nf_tables before nftables.service, instead of two modprobe processes
        // spawned by the kernel while nft runs (each ~0.3 s under emulation).
        kernelModules: ["nf_tables"],
      }),
      systemd: {
        services: {
          nftables: mkIf(cfg.enable, {
              description: "nftables firewall",
              // Early boot: before any interface comes up, and without the default dependencies
              // that would order it after basic.target (network-pre is part of sysinit).
              after: ["sysinit.target"],
              before: ["network-pre.target", "shutdown.target"],
              wants: ["network-pre.target", "sysinit.target"],
              conflicts: ["shutdown.target"],
              wantedBy: ["multi-user.target"],
              // A new ruleset is one atomic transaction: reload it, never stop (which would open
              // the machine for a moment).
              reloadIfChanged: true,
              unitConfig: { DefaultDependencies: false },
              serviceConfig: {
                Type: "oneshot",
                RemainAfterExit: true,
                // Each list starts empty (""): systemPackages brings Debian's nftables.service,
                // which this unit becomes a drop-in over, and its own commands (`nft -f
                // /etc/nftables.conf`, `nft flush ruleset`) would otherwise run first — a
                // reload would load Debian's accept-all example before this ruleset.
                get ExecStart() {
                  return ["", `${nft} -f ${rules()}`];
                },
                get ExecReload() {
                  return ["", `${nft} -f ${rules()}`];
                },
                ExecStop: ["", `${nft} -f ${stop}`],
              },
          }),
        },
      },
    };
  },
});
