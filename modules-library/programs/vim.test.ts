import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

type Drv = { debName?: string; name?: string; outPath: string; args?: { entries?: Record<string, { symlink?: string }> } };
const pkgNames = (config: any): string[] => (config.environment.systemPackages as Drv[]).map((p) => p.debName ?? p.name ?? p.outPath);
const linksOf = (config: any, name: string): Record<string, string> => {
  const drv = (config.environment.systemPackages as Drv[]).find((p) => p.debName === undefined && p.outPath.endsWith(`-${name}`));
  assert.ok(drv, `${name} in ${pkgNames(config).join(" ")}`);
  return Object.fromEntries(Object.entries(drv.args?.entries ?? {}).map(([k, v]) => [k, String(v.symlink)]));
};

describe("programs.vim", () => {
  test("enable: Debian's vim and a `vim` link to vim.basic (the alternative dpkg would make); EDITOR untouched", () => {
    const { config } = evaluateWith({ config: { programs: { vim: { enable: true } } } });
    assert.ok(pkgNames(config).includes("vim"));
    const links = linksOf(config, "vim-alternatives");
    assert.deepEqual(Object.keys(links), ["usr/bin/vim"]);
    assert.match(links["usr/bin/vim"] ?? "", /-vim-[^/]+\/usr\/bin\/vim\.basic$/);
    assert.equal(config.environment.variables.EDITOR, undefined);
  });

  test("defaultEditor sets EDITOR=vim below a plain definition, above mkDefault (NixOS's mkOverride 900)", async () => {
    const { mkDefault } = await import("../../src/modules/index.ts");
    const on = { config: { programs: { vim: { enable: true, defaultEditor: true } } } };
    assert.equal(evaluateWith(on).config.environment.variables.EDITOR, "vim");
    assert.equal(evaluateWith(on, { config: { environment: { variables: { EDITOR: "nano" } } } }).config.environment.variables.EDITOR, "nano");
    assert.equal(evaluateWith(on, { config: { environment: { variables: { EDITOR: mkDefault("nano") } } } }).config.environment.variables.EDITOR, "vim");
  });

  test("defaultEditor without enable still installs vim, with NixOS's warning", () => {
    const { config } = evaluateWith({ config: { programs: { vim: { defaultEditor: true } } } });
    assert.ok(pkgNames(config).includes("vim"));
    assert.ok(config.warnings.some((w: string) => w.includes("programs.vim.defaultEditor will only work if programs.vim.enable is enabled")));
  });
});

describe("programs.neovim", () => {
  test("off by default; enable adds Debian's neovim without aliases", () => {
    assert.ok(!pkgNames(evaluateWith({}).config).includes("neovim"));
    const { config } = evaluateWith({ config: { programs: { neovim: { enable: true } } } });
    assert.ok(pkgNames(config).includes("neovim"));
    assert.ok(!pkgNames(config).some((n) => n.endsWith("-neovim-aliases")));
    assert.equal(config.environment.variables.EDITOR, undefined);
  });

  test("viAlias and vimAlias link vi and vim to nvim; defaultEditor sets EDITOR=nvim", () => {
    const { config } = evaluateWith({ config: { programs: { neovim: { enable: true, viAlias: true, vimAlias: true, defaultEditor: true } } } });
    const links = linksOf(config, "neovim-aliases");
    assert.deepEqual(Object.keys(links).sort(), ["usr/bin/vi", "usr/bin/vim"]);
    for (const target of Object.values(links)) assert.match(target, /-neovim-[^/]+\/usr\/bin\/nvim$/);
    assert.equal(config.environment.variables.EDITOR, "nvim");
    assert.equal(linksOf(evaluateWith({ config: { programs: { neovim: { enable: true, viAlias: true } } } }).config, "neovim-aliases")["usr/bin/vim"], undefined);
  });

  test("runtime files land in /etc/xdg/nvim (Debian nvim's system runtime directory); disabled ones do not", () => {
    const { config } = evaluateWith({
      config: { programs: { neovim: { enable: true, runtime: { "sysinit.vim": { text: "set number" }, "ftplugin/c.vim": { text: "setlocal sw=8", target: "after/ftplugin/c.vim" }, "off.vim": { enable: false, text: "x" } } } } },
    });
    const etc = config.environment.etc;
    assert.equal(etc["xdg/nvim/sysinit.vim"].text, "set number");
    assert.equal(etc["xdg/nvim/ftplugin/c.vim"].target, "xdg/nvim/after/ftplugin/c.vim");
    assert.equal(etc["xdg/nvim/off.vim"].enable, false);
  });

  test("vim and neovim both defaultEditor is a conflict, as in NixOS", () => {
    const both = evaluateWith({ config: { programs: { vim: { enable: true, defaultEditor: true }, neovim: { enable: true, defaultEditor: true } } } });
    assert.throws(() => both.config.environment.variables.EDITOR, /EDITOR/);
    assert.equal(failedAssertions(evaluateWith({ config: { programs: { neovim: { enable: true } } } })), "");
  });
});
