import { defineModule, mkIf, mkOption, mkPackageOption, mkRenamedOptionModule, types } from "../../src/modules/index.ts";
import type { PackageSet } from "../../src/packages/index.ts";

const defaultShortcut = "b";

/** What /etc/tmux.conf is made from: the options of programs.tmux. */
export interface TmuxSettings {
  terminal: string;
  baseIndex: number;
  newSession: boolean;
  reverseSplit: boolean;
  keyMode: "emacs" | "vi";
  customPaneNavigationAndResize: boolean;
  resizeAmount: number;
  shortcut: string;
  aggressiveResize: boolean;
  clock24: boolean;
  escapeTime: number;
  historyLimit: number;
  extraConfigBeforePlugins: string;
  extraConfig: string;
}

const when = (condition: boolean, text: string) => (condition ? text : "");

/**
 * nixos/modules/programs/tmux.nix's tmuxConf, byte for byte: the blank lines where a block is
 * off are NixOS's too, so a file diffed against a NixOS machine's shows only real differences.
 */
export function tmuxConf(c: TmuxSettings): string {
  const resize = c.resizeAmount;
  return [
    `set  -g default-terminal "${c.terminal}"`,
    `set  -g base-index      ${c.baseIndex}`,
    `setw -g pane-base-index ${c.baseIndex}`,
    "",
    when(c.newSession, "new-session"),
    "",
    when(c.reverseSplit, "bind v split-window -h\nbind s split-window -v\n"),
    "",
    `set -g status-keys ${c.keyMode}`,
    `set -g mode-keys   ${c.keyMode}`,
    "",
    when(
      c.keyMode === "vi" && c.customPaneNavigationAndResize,
      [
        "bind h select-pane -L",
        "bind j select-pane -D",
        "bind k select-pane -U",
        "bind l select-pane -R",
        "",
        `bind -r H resize-pane -L ${resize}`,
        `bind -r J resize-pane -D ${resize}`,
        `bind -r K resize-pane -U ${resize}`,
        `bind -r L resize-pane -R ${resize}`,
        "",
      ].join("\n"),
    ),
    "",
    when(
      c.shortcut !== defaultShortcut,
      `# rebind main key: C-${c.shortcut}\nunbind C-${defaultShortcut}\nset -g prefix C-${c.shortcut}\nbind ${c.shortcut} send-prefix\nbind C-${c.shortcut} last-window\n`,
    ),
    "",
    `setw -g aggressive-resize ${c.aggressiveResize ? "on" : "off"}`,
    `setw -g clock-mode-style  ${c.clock24 ? "24" : "12"}`,
    `set  -s escape-time       ${c.escapeTime}`,
    `set  -g history-limit     ${c.historyLimit}`,
    "",
    c.extraConfigBeforePlugins,
    "",
    "",
    "",
    `${c.extraConfig}\n`,
  ].join("\n");
}

/**
 * programs.tmux (nixos/modules/programs/tmux.nix) with Debian's tmux, which reads /etc/tmux.conf
 * before ~/.tmux.conf. Not offered: `plugins` (nixpkgs' tmuxPlugins have no Debian counterpart;
 * `run-shell` lines in extraConfig do the same) and `withUtempter` (Debian's libutempter runs its
 * helper from a fixed /usr path, which a wrapper in /run/wrappers cannot stand in for).
 * secureSocket's TMUX_TMPDIR must expand $XDG_RUNTIME_DIR in the user's shell, so it is set by
 * environment.extraInit: Keel's environment.variables are single-quoted literals.
 */
export default defineModule(({ pkgs }: { pkgs: PackageSet }) => ({
  imports: [mkRenamedOptionModule(["programs", "tmux", "extraTmuxConf"], ["programs", "tmux", "extraConfig"])],
  options: {
    programs: {
      tmux: {
        enable: mkOption({ type: types.bool, default: false, description: "Whenever to configure tmux system-wide." }),
        package: mkPackageOption(pkgs, "tmux"),
        aggressiveResize: mkOption({ type: types.bool, default: false, description: "Resize the window to the size of the smallest session for which it is the current window." }),
        baseIndex: mkOption({ type: types.int, default: 0, example: 1, description: "Base index for windows and panes." }),
        clock24: mkOption({ type: types.bool, default: false, description: "Use 24 hour clock." }),
        customPaneNavigationAndResize: mkOption({ type: types.bool, default: false, description: "Override the hjkl and HJKL bindings for pane navigation and resizing in VI mode." }),
        escapeTime: mkOption({ type: types.int, default: 500, example: 0, description: "Time in milliseconds for which tmux waits after an escape is input." }),
        extraConfigBeforePlugins: mkOption({ type: types.lines, default: "", description: "Additional contents of /etc/tmux.conf, to be run before sourcing plugins." }),
        extraConfig: mkOption({ type: types.lines, default: "", description: "Additional contents of /etc/tmux.conf, to be run after sourcing plugins." }),
        historyLimit: mkOption({ type: types.int, default: 2000, example: 5000, description: "Maximum number of lines held in window history." }),
        keyMode: mkOption({ type: types.enum(["emacs", "vi"]), default: "emacs", example: "vi", description: "VI or Emacs style shortcuts." }),
        newSession: mkOption({ type: types.bool, default: false, description: "Automatically spawn a session if trying to attach and none are running." }),
        reverseSplit: mkOption({ type: types.bool, default: false, description: "Reverse the window split shortcuts." }),
        resizeAmount: mkOption({ type: types.int, default: 5, example: 10, description: "Number of lines/columns when resizing." }),
        shortcut: mkOption({ type: types.str, default: defaultShortcut, example: "a", description: "Ctrl following by this key is used as the main shortcut." }),
        terminal: mkOption({ type: types.str, default: "screen", example: "screen-256color", description: "Set the $TERM variable. Use tmux-direct if italics or 24bit true color support is needed." }),
        secureSocket: mkOption({
          type: types.bool,
          default: true,
          description: "Store tmux socket under /run, which is more secure than /tmp, but as a downside it doesn't survive user logout.",
        }),
      },
    },
  },
  config: ({ config }: { config: any }) => {
    const cfg = config.programs.tmux;
    return mkIf(cfg.enable, {
      environment: {
        etc: {
          "tmux.conf": {
            get text() {
              return tmuxConf(cfg);
            },
          },
        },
        systemPackages: [cfg.package],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, expanded by the user's shell
        extraInit: mkIf(cfg.secureSocket, 'export TMUX_TMPDIR="${XDG_RUNTIME_DIR:-"/run/user/$(id -u)"}"'),
      },
    });
  },
}));
