import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";
import { tmuxConf } from "./tmux.ts";

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const tmuxEtc = (tmux: Record<string, unknown>) => evaluateWith({ config: { programs: { tmux: { enable: true, ...tmux } } } }).config;

/** What tmux itself makes of a config file: a private server started from it, its global options and prefix table. */
function tmuxReads(text: string): { options: string; keys: string } {
  const dir = mkdtempSync(join(tmpdir(), "keel-tmux-"));
  writeFileSync(join(dir, "tmux.conf"), text);
  const socket = join(dir, "sock");
  const run = (...args: string[]) => spawnSync("tmux", ["-S", socket, "-f", join(dir, "tmux.conf"), ...args], { encoding: "utf8", env: { ...process.env, TMUX: "" } });
  const started = run("new-session", "-d", "-x", "80", "-y", "24");
  assert.equal(started.status, 0, started.stderr);
  try {
    const options = `${run("show-options", "-g").stdout}${run("show-options", "-gw").stdout}${run("show-options", "-s").stdout}`;
    return { options, keys: run("list-keys").stdout };
  } finally {
    run("kill-server");
  }
}

describe("programs.tmux", () => {
  test("off by default: no /etc/tmux.conf, tmux not added", () => {
    const { config } = evaluateWith({});
    assert.equal(config.environment.etc["tmux.conf"], undefined);
    assert.ok(!config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "tmux"));
  });

  test("the defaults give NixOS's file byte for byte; tmux in the system; TMUX_TMPDIR under /run/user", () => {
    const config = tmuxEtc({});
    // Every block that is off leaves NixOS's blank lines: the template's own plus the empty interpolation.
    assert.equal(
      config.environment.etc["tmux.conf"].text,
      'set  -g default-terminal "screen"\nset  -g base-index      0\nsetw -g pane-base-index 0\n\n\n\n\n\n' +
        "set -g status-keys emacs\nset -g mode-keys   emacs\n\n\n\n\n\n" +
        "setw -g aggressive-resize off\nsetw -g clock-mode-style  12\nset  -s escape-time       500\nset  -g history-limit     2000\n\n\n\n\n\n\n",
    );
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "tmux"));
    assert.match(config.environment.extraInit, /^export TMUX_TMPDIR="\$\{XDG_RUNTIME_DIR:-"\/run\/user\/\$\(id -u\)"\}"$/m);
    assert.doesNotMatch(tmuxEtc({ secureSocket: false }).environment.extraInit, /TMUX_TMPDIR/);
  });

  test("vi navigation, another prefix and extraConfig are NixOS's blocks in NixOS's order", () => {
    const text: string = tmuxEtc({ keyMode: "vi", customPaneNavigationAndResize: true, resizeAmount: 10, shortcut: "a", extraConfig: "set -g mouse on" }).environment.etc["tmux.conf"].text;
    assert.ok(text.includes("set -g mode-keys   vi\n\nbind h select-pane -L\nbind j select-pane -D\nbind k select-pane -U\nbind l select-pane -R\n\nbind -r H resize-pane -L 10\n"), text);
    assert.ok(text.includes("\n\n\n# rebind main key: C-a\nunbind C-b\nset -g prefix C-a\nbind a send-prefix\nbind C-a last-window\n\n\nsetw -g aggressive-resize off\n"), text);
    assert.ok(text.endsWith("set  -g history-limit     2000\n\n\n\n\n\nset -g mouse on\n"), text);
    // The pane bindings are vi mode's only.
    assert.doesNotMatch(tmuxConf({ ...tmuxEtc({}).programs.tmux, customPaneNavigationAndResize: true }), /select-pane/);
  });

  test("extraTmuxConf is renamed to extraConfig", () => {
    const config = tmuxEtc({ extraTmuxConf: "set -g status off" });
    assert.equal(config.programs.tmux.extraConfig, "set -g status off");
    assert.match(config.environment.etc["tmux.conf"].text, /set -g status off\n$/);
  });

  test("tmux reads the generated file: options and the rebound prefix take effect", { skip: !hasTmux && "no tmux" }, () => {
    const text = tmuxEtc({
      keyMode: "vi",
      customPaneNavigationAndResize: true,
      shortcut: "a",
      baseIndex: 1,
      clock24: true,
      escapeTime: 0,
      historyLimit: 5000,
      aggressiveResize: true,
      newSession: true,
      reverseSplit: true,
      terminal: "screen-256color",
    }).environment.etc["tmux.conf"].text;
    const { options, keys } = tmuxReads(text);
    for (const line of ["base-index 1", "pane-base-index 1", "history-limit 5000", "mode-keys vi", "status-keys vi", "prefix C-a", "clock-mode-style 24", "aggressive-resize on", "escape-time 0", "default-terminal screen-256color"]) {
      assert.match(options, new RegExp(`^${line}$`, "m"), line);
    }
    assert.match(keys, /-T prefix\s+a\s+send-prefix/);
    assert.match(keys, /-T prefix\s+C-a\s+last-window/);
    assert.match(keys, /-r -T prefix\s+H\s+resize-pane -L 5/);
    assert.match(keys, /-T prefix\s+v\s+split-window -h/);
  });
});
