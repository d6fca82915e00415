import { defineModule, mkDefault, mkIf, mkOption, types } from "../../src/modules/index.ts";
import { SET_ENVIRONMENT_DONE, shellQuote } from "../environment/set-environment.ts";

const lines = (description: string, dflt = "") => mkOption({ type: types.lines, default: dflt, description });

const defaultPromptInit = [
  "# Note that to manually override this in ~/.zshrc you should run `prompt off`",
  "# before setting your PS1 and etc. Otherwise this will likely to interact with",
  "# your ~/.zshrc configuration in unexpected ways as the default prompt sets",
  "# a lot of different prompt variables.",
  "autoload -U promptinit && promptinit && prompt suse && setopt prompt_sp",
  "",
].join("\n");

/**
 * programs.zsh (nixos/modules/programs/zsh/zsh.nix, with zsh-syntax-highlighting.nix): the
 * system-wide start-up files of zsh, in NixOS's layout and order.
 *
 * Debian's zsh is built to read /etc/zsh/{zshenv,zprofile,zshrc,zlogin,zlogout}, not NixOS's
 * /etc/zshenv..., so the three generated files take Debian's paths and replace zsh-common's:
 * its zshenv (a PATH fallback, superseded by /etc/set-environment), its zprofile (comments only)
 * and its zshrc (terminfo key bindings, run-help, sudo completion path), which the generated
 * zshrc sources from the package in place of NixOS's /etc/zinputrc. Debian's zlogin and zlogout
 * (comments only) stay. zsh does not read /etc/profile, so the generated zshenv sources
 * /etc/set-environment (PATH, environment.variables, extraInit) once per process tree.
 * The `*.local` files keep NixOS's names (/etc/zshenv.local...) for hand-made additions.
 */
export default defineModule({
  options: {
    programs: {
      zsh: {
        enable: mkOption({
          type: types.bool,
          default: false,
          description:
            "Whether to configure zsh as an interactive shell. To make it a user's login shell, set `users.users.<name>.shell = pkgs.zsh` (or `users.defaultUserShell` for everyone).",
        }),
        shellAliases: mkOption({
          type: types.attrsOf(types.nullOr(types.str)),
          default: {},
          example: { ll: "ls -l" },
          description: "Aliases for zsh, over environment.shellAliases (null removes one).",
        }),
        shellInit: lines("Shell code run by every zsh (from /etc/zsh/zshenv), after environment.shellInit."),
        loginShellInit: lines("Shell code run by every zsh login shell (from /etc/zsh/zprofile), after environment.loginShellInit."),
        interactiveShellInit: lines("Shell code run by every interactive zsh (from /etc/zsh/zshrc), after environment.interactiveShellInit."),
        promptInit: lines("Shell code setting up the prompt of interactive zsh, run after the aliases.", defaultPromptInit),
        histSize: mkOption({ type: types.int, default: 2000, description: "Number of history lines kept, in memory (HISTSIZE) and in the history file (SAVEHIST)." }),
        histFile: mkOption({ type: types.str, default: "$HOME/.zsh_history", description: "The history file (HISTFILE); shell syntax is expanded." }),
        setOptions: mkOption({
          type: types.listOf(types.str),
          default: ["HIST_IGNORE_DUPS", "SHARE_HISTORY", "HIST_FCNTL_LOCK"],
          example: ["EXTENDED_HISTORY", "RM_STAR_WAIT"],
          description: "zsh options set for interactive shells (`setopt`), see zshoptions(1).",
        }),
        enableCompletion: mkOption({ type: types.bool, default: true, description: "Whether interactive zsh completes commands (runs `compinit`)." }),
        enableGlobalCompInit: mkOption({
          type: types.bool,
          description:
            "Whether /etc/zsh/zshrc runs `compinit` (default: enableCompletion). Turn it off to extend `fpath` and call compinit yourself in ~/.zshrc.",
        }),
        enableBashCompletion: mkOption({ type: types.bool, default: false, description: "Whether zsh also runs bash-style completion functions (`bashcompinit`)." }),
        enableLsColors: mkOption({ type: types.bool, default: true, description: "Whether LS_COLORS is set from `dircolors -b`, for colored `ls` output." }),
        syntaxHighlighting: {
          enable: mkOption({ type: types.bool, default: false, description: "Whether interactive zsh highlights the command line as it is typed (zsh-syntax-highlighting)." }),
          highlighters: mkOption({
            type: types.listOf(types.enum(["main", "brackets", "pattern", "cursor", "regexp", "root", "line"])),
            default: ["main"],
            description: "The zsh-syntax-highlighting highlighters to turn on (ZSH_HIGHLIGHT_HIGHLIGHTERS).",
          }),
        },
      },
    },
  },
  config: ({ config, pkgs }) => {
    const cfg = config.programs.zsh;
    const env = config.environment;
    return {
      programs: {
        zsh: {
          get enableGlobalCompInit() {
            // Two literals: the option's type is the union of true and false, not boolean.
            return cfg.enableCompletion ? mkDefault(true as const) : mkDefault(false as const);
          },
          shellAliases: mkIf(cfg.enable, Object.fromEntries(Object.entries(env.shellAliases).map(([k, v]) => [k, mkDefault(v)]))),
        },
      },
      environment: mkIf(cfg.enable, {
        systemPackages: [pkgs.zsh, ...(cfg.syntaxHighlighting.enable ? [pkgs["zsh-syntax-highlighting"]] : [])],
        shells: ["/bin/zsh", "/usr/bin/zsh"],
        etc: {
          "zsh/zshenv": { text: zshenvText(env.shellInit, cfg.shellInit) },
          "zsh/zprofile": { text: zprofileText(env.loginShellInit, cfg.loginShellInit) },
          "zsh/zshrc": {
            get text() {
              return zshrcText(cfg, env.interactiveShellInit, pkgs);
            },
          },
        },
      }),
    };
  },
});

const header = (file: string, what: string) => [`# /etc/zsh/${file}: DO NOT EDIT -- this file has been generated automatically by Keel.`, `# This file is read for ${what}.`, ""];

const block = (text: string) => (text.trim() === "" ? [] : [text.trimEnd()]);

const readLocal = (file: string) => ["", "# Read system-wide modifications.", `if test -f /etc/${file}.local; then`, `    . /etc/${file}.local`, "fi", ""];

export function zshenvText(envShellInit: string, shellInit: string): string {
  return [
    ...header("zshenv", "all shells"),
    "# Only execute this file once per shell.",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh syntax
    'if [ -n "${__ETC_ZSHENV_SOURCED-}" ]; then return; fi',
    "__ETC_ZSHENV_SOURCED=1",
    "",
    `if [ -z "\${${SET_ENVIRONMENT_DONE}-}" ]; then`,
    "    . /etc/set-environment",
    "fi",
    "",
    'HELPDIR="/usr/share/zsh/help"',
    "",
    "# Setup custom shell init stuff.",
    ...block(envShellInit),
    ...block(shellInit),
    ...readLocal("zshenv"),
  ].join("\n");
}

export function zprofileText(envLoginShellInit: string, loginShellInit: string): string {
  return [
    ...header("zprofile", "login shells"),
    "# Only execute this file once per shell.",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh syntax
    'if [ -n "${__ETC_ZPROFILE_SOURCED-}" ]; then return; fi',
    "__ETC_ZPROFILE_SOURCED=1",
    "",
    "# Setup custom login shell init stuff.",
    ...block(envLoginShellInit),
    ...block(loginShellInit),
    ...readLocal("zprofile"),
  ].join("\n");
}

export function zshrcText(cfg: any, envInteractiveShellInit: string, pkgs: any): string {
  const aliases = Object.entries(cfg.shellAliases as Record<string, string | null>)
    .filter((e): e is [string, string] => e[1] !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `alias -- ${name}=${shellQuote(value)}`);
  const highlighting = cfg.syntaxHighlighting.enable
    ? [
        "# Highlight the command line (zsh-syntax-highlighting): last, as it wraps the widgets defined before.",
        `source ${pkgs["zsh-syntax-highlighting"].outPath}/usr/share/zsh-syntax-highlighting/zsh-syntax-highlighting.zsh`,
        `ZSH_HIGHLIGHT_HIGHLIGHTERS=(${(cfg.syntaxHighlighting.highlighters as string[]).join(" ")})`,
      ]
    : [];
  return [
    ...header("zshrc", "interactive shells"),
    "# Only execute this file once per shell.",
    'if [ -n "$__ETC_ZSHRC_SOURCED" -o -n "$NOSYSZSHRC" ]; then return; fi',
    "__ETC_ZSHRC_SOURCED=1",
    "",
    ...(cfg.setOptions.length > 0 ? ["# Set zsh options.", `setopt ${cfg.setOptions.join(" ")}`, ""] : []),
    "# Setup command line history.",
    "# Don't export these, otherwise other shells (bash) will try to use same HISTFILE.",
    `SAVEHIST=${cfg.histSize}`,
    `HISTSIZE=${cfg.histSize}`,
    `HISTFILE=${cfg.histFile}`,
    "",
    "# Configure sane keyboard defaults: Debian's zshrc (terminfo key bindings, run-help).",
    `. ${pkgs["zsh-common"].outPath}/etc/zsh/zshrc`,
    "",
    ...(cfg.enableGlobalCompInit ? ["# Enable autocompletion.", "autoload -U compinit && compinit", ""] : []),
    ...(cfg.enableBashCompletion ? ["# Enable compatibility with bash's completion system.", "autoload -U bashcompinit && bashcompinit", ""] : []),
    "# Setup custom interactive shell init stuff.",
    ...block(envInteractiveShellInit),
    ...block(cfg.interactiveShellInit),
    ...highlighting,
    "",
    ...(cfg.enableLsColors ? ["# Extra colors for directory listings.", `eval "$(${pkgs.coreutils.bin("dircolors")} -b)"`, ""] : []),
    "# Setup aliases.",
    ...aliases,
    "",
    "# Setup prompt.",
    ...block(cfg.promptInit),
    "",
    "# Disable some features to support TRAMP.",
    'if [ "$TERM" = dumb ]; then',
    "    unsetopt zle prompt_cr prompt_subst",
    "    unset RPS1 RPROMPT",
    "    PS1='$ '",
    "    PROMPT='$ '",
    "fi",
    ...readLocal("zshrc"),
  ].join("\n");
}
