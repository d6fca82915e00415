import type { ActivationStepSpec } from "../../src/activation/activation-spec.ts";
import { PRE_SWITCH_CHECK_FILE, renderPreSwitchCheckScript } from "../../src/activation/checks/pre-switch-checks.ts";
import { BUILTIN_SNIPPET_NAMES, isBuiltinSnippet, planActivationSteps, type SnippetDefinition, snippetGraph } from "../../src/activation/scripts/builtin-snippets.ts";
import { renderSnippetScript } from "../../src/activation/scripts/render-snippets.ts";
import { describeSnippetIssue, orderSnippets, snippetGraphIssues } from "../../src/activation/scripts/snippet-order.ts";
import { defineModule, type KeelConfig, mkOption, types } from "../../src/modules/index.ts";
import type { PackageSet } from "../../src/packages/index.ts";
import { servicePath } from "../../src/system/units/render-units.ts";
import { filesDefiningKey } from "../lib/definition-files.ts";

/**
 * NixOS's `stringAfter deps text`: a snippet that runs after `deps`.
 *   system.activationScripts.myData = stringAfter(["users"], "install -d -o alice /var/lib/my-data");
 */
export function stringAfter(deps: string[], text: string): { deps: string[]; text: string } {
  return { deps, text };
}

const snippetType = (what: string) =>
  types.coercedTo(
    types.str,
    (text: string) => ({ text }),
    types.submodule({
      options: {
        text: mkOption({ type: types.lines, default: "", description: `The ${what}'s bash code.` }),
        deps: mkOption({
          type: types.listOf(types.str),
          default: [],
          example: ["etc"],
          description: `Names of the ${what}s this one runs after.`,
        }),
        supportsDryActivation: mkOption({
          type: types.bool,
          default: false,
          description: `Whether the ${what} also runs for \`dry-activate\` (it must then change nothing; \`KEEL_ACTION\` tells it which run it is).`,
        }),
      },
    }),
  );

/**
 * The tools activation snippets (and pre-switch checks) find on PATH: NixOS's fixed list
 * (coreutils, grep, findutils, getent, shadow, nettools' hostname, util-linux) from Debian, so a
 * snippet never depends on what the system happens to have installed.
 */
function snippetPath(pkgs: PackageSet): string {
  return servicePath([pkgs.coreutils, pkgs.grep, pkgs.findutils, pkgs["libc-bin"], pkgs.passwd, pkgs["util-linux"], pkgs.mount, pkgs.hostname].map((p) => p.outPath));
}

/**
 * `system.activationScripts`, `system.userActivationScripts`, `system.preSwitchChecks` and
 * `system.switch.inhibitors` (reference §2, §3.12, §3.13).
 */
export default defineModule({
  options: {
    system: {
      activationScripts: mkOption({
        type: types.attrsOf(snippetType("snippet")),
        default: {},
        example: { makeShared: { deps: ["users"], text: "install -d -m 2775 -g users /srv/shared" } },
        description:
          "Bash snippets run at every activation: at boot before systemd starts, and on each switch after units are stopped. " +
          "They run in deps-then-name order among Keel's own steps, which have NixOS's names " +
          `(${BUILTIN_SNIPPET_NAMES.join(", ")}), so \`deps = ["etc"]\` runs after /etc is in place. ` +
          "PATH holds coreutils, grep, findutils, getent, shadow, hostname and util-linux; umask is 0022; `$systemConfig` is the generation. " +
          "A failing command marks its snippet failed (`Activation script snippet '<name>' failed (<code>)`); later snippets still run and activation exits 1. " +
          "`KEEL_ACTION` (and `NIXOS_ACTION`, except at boot) says why it runs: boot, switch, test or dry-activate. Snippets must be idempotent.",
      }),
      userActivationScripts: mkOption({
        type: types.attrsOf(snippetType("user snippet")),
        default: {},
        example: { linkDotfiles: "ln -sfn /etc/skel/.inputrc ~/.inputrc" },
        description:
          "Bash snippets run as every user when their systemd manager starts (the user unit `keel-activation.service`, wanted by default.target), " +
          "and again for every logged-in or lingering user at each switch. Ordered by deps then name; same failure rules as system.activationScripts.",
      }),
      preSwitchChecks: mkOption({
        type: types.attrsOf(types.str),
        default: {},
        example: { enoughSpace: '[ "$(df --output=avail / | tail -1)" -gt 1000000 ] || { echo "less than 1 GB free"; exit 1; }' },
        description:
          "Shell fragments run before a switch changes anything, as `<fragment> <incoming toplevel> <action>` ($1, $2), in name order, each in a subshell. " +
          "If one fails, `Pre-switch check '<name>' failed` is printed and the switch stops with exit 1. Skipped with KEEL_NO_CHECK=1 (or NIXOS_NO_CHECK=1). " +
          "`switchInhibitors` is built in (see system.switch.inhibitors); set it to \"\" to drop it.",
      }),
      switch: {
        inhibitors: mkOption({
          type: types.attrsOf(types.str),
          default: {},
          example: { "dbus-implementation": "broker" },
          description:
            "Values naming critical components that a running system cannot change. When one differs between the running generation and the incoming one " +
            "(a key on one side only never counts), `switch`, `test` and `dry-activate` refuse; `boot` and a reboot apply the change.",
        }),
      },
    },
  },
  config: ({ config, options }) => {
    const system = config.system;
    const assertions: { assertion: boolean; message: string }[] = [];
    const graphAssertions = (option: "activationScripts" | "userActivationScripts", graph: Record<string, { deps: readonly string[] }>) => {
      const known = Object.keys(graph);
      for (const issue of snippetGraphIssues(graph)) {
        const files = issue.kind === "unknown-dep" ? filesDefiningKey(options.system[option], issue.snippet).filter((f) => !f.startsWith("<")) : [];
        assertions.push({
          assertion: false,
          message: `${describeSnippetIssue(`system.${option}`, issue, known)}${files.length > 0 ? ` (defined in ${files.map((f) => `\`${f}'`).join(" and ")})` : ""}`,
        });
      }
    };
    const clashes = Object.keys(system.activationScripts).filter(isBuiltinSnippet);
    for (const name of clashes) {
      assertions.push({
        assertion: false,
        message: `\`system.activationScripts.${name}' is Keel's own activation step (defined in ${filesDefiningKey(options.system.activationScripts, name).map((f) => `\`${f}'`).join(" and ")}): give your snippet another name and put "${name}" in its deps.`,
      });
    }
    if (clashes.length === 0) graphAssertions("activationScripts", snippetGraph(system.activationScripts));
    graphAssertions("userActivationScripts", system.userActivationScripts);
    return {
      assertions,
      system: {
        preSwitchChecks: {
          // The check runs in the incoming generation's own activator ($1 is that generation).
          // Decided in the shell first where it does not apply: for `boot`, and for a machine
          // tree mounted elsewhere (KEEL_ROOT; nothing of it is running), whose host may not be
          // able to run the generation's Node.js at all. KEEL_SWITCH_INHIBITORS=pass:<incoming>
          // is the switch program's own verdict, computed in-process (a Node.js start saved on
          // every switch); any other value runs the check here, which also words a failure.
          switchInhibitors: [
            'if [ "$2" = boot ]; then echo "Not checking switch inhibitors (action = boot)"',
            'elif [ -n "$KEEL_ROOT" ] && [ "$KEEL_ROOT" != / ]; then echo "Not checking switch inhibitors (not the running system: $KEEL_ROOT)"',
            'elif [ "$KEEL_SWITCH_INHIBITORS" = "pass:$1" ]; then echo "Checking switch inhibitors... done"',
            'else "$1/activate" --check-switch-inhibitors "$1" "$2"; fi',
          ].join("\n"),
        },
      },
    };
  },
});

/** What the toplevel takes from these options: activation steps, the pre-switch check, the inhibitors. */
export function activationToplevelParts(config: KeelConfig, pkgs: PackageSet) {
  const path = snippetPath(pkgs);
  const bash = pkgs.bash.bin("bash");
  const steps: ActivationStepSpec[] = planActivationSteps(config.system.activationScripts as Record<string, SnippetDefinition>).map((step) => {
    if (step.kind === "builtin") return step;
    const names = step.snippets.map((s) => s.name);
    // Named after the group's first snippet, so adding an unrelated snippet elsewhere does not rename it.
    const label = `activation-${names[0]!.replace(/[^A-Za-z0-9+._?=-]/g, "_")}`;
    const script = (dry: boolean) => pkgs.writeScript(`${label}${dry ? "-dry" : ""}`, renderSnippetScript({ bash, path, snippets: step.snippets, dry, systemConfig: true })).outPath;
    return { kind: "snippets", names, script: script(false), dryScript: step.snippets.some((s) => s.supportsDryActivation) ? script(true) : null };
  });
  const checks = Object.fromEntries(Object.entries(config.system.preSwitchChecks).filter(([, text]) => text.trim() !== ""));
  return {
    activationSteps: steps,
    preSwitchCheck: { name: PRE_SWITCH_CHECK_FILE, text: renderPreSwitchCheckScript({ bash, path, checks }) },
    switchInhibitors: config.system.switch.inhibitors,
  };
}

/** system.userActivationScripts as the script of the user unit keel-activation.service. */
export function userActivationScript(config: KeelConfig, pkgs: PackageSet): string {
  const user = config.system.userActivationScripts as Record<string, SnippetDefinition>;
  const snippets = orderSnippets(user, "system.userActivationScripts").map((name) => ({ name, ...user[name]! }));
  return renderSnippetScript({ bash: pkgs.bash.bin("bash"), path: snippetPath(pkgs), snippets, dry: false, systemConfig: false });
}
