import { defineModule, mkDefault, mkIf, mkOption, mkOverride, mkPackageOption, types } from "../../src/modules/index.ts";
import type { Package, PackageSet } from "../../src/packages/index.ts";
import { defaultEditorPriority } from "./editor-priority.ts";

interface RuntimeFile {
  enable: boolean;
  target: string;
  text: string | null;
  source: string | null;
}

/**
 * programs.neovim (nixos/modules/programs/neovim.nix) with Debian's neovim: nvim in the system,
 * `vi`/`vim` links to it (viAlias, vimAlias: NixOS puts them in its wrapped package; here a small
 * package of links), EDITOR=nvim with defaultEditor (mkOverride 900), and `runtime` files in
 * /etc/xdg/nvim, which Debian's nvim has on its runtimepath ($XDG_CONFIG_DIRS defaults to /etc/xdg).
 * Not offered: `configure`, the providers (`withPython3`, ...) and `finalPackage`: they build a
 * wrapped nvim from nixpkgs' vim plugins, which Debian does not package the same way; a
 * `runtime."sysinit.vim"` file is the system-wide vimrc instead.
 */
export default defineModule(({ pkgs }: { pkgs: PackageSet }) => ({
  options: {
    programs: {
      neovim: {
        enable: mkOption({ type: types.bool, default: false, example: true, description: "Whether to enable Neovim." }),
        defaultEditor: mkOption({
          type: types.bool,
          default: false,
          description: "When enabled, installs neovim and configures neovim to be the default editor using the EDITOR environment variable.",
        }),
        viAlias: mkOption({ type: types.bool, default: false, description: "Symlink `vi` to `nvim` binary." }),
        vimAlias: mkOption({ type: types.bool, default: false, description: "Symlink `vim` to `nvim` binary." }),
        package: mkPackageOption(pkgs, "neovim"),
        runtime: mkOption({
          type: types.attrsOf(
            types.submodule(({ name }: { name: string }) => ({
              options: {
                enable: mkOption({ type: types.bool, default: true, description: "Whether this runtime directory should be generated. This option allows specific runtime files to be disabled." }),
                target: mkOption({ type: types.str, description: "Name of symlink. Defaults to the attribute name." }),
                text: mkOption({ type: types.nullOr(types.lines), default: null, description: "Text of the file." }),
                source: mkOption({ type: types.nullOr(types.path), default: null, description: "Path of the source file." }),
              },
              config: { target: mkDefault(name) },
            })),
          ),
          default: {},
          example: { "ftplugin/c.vim": { text: "setlocal omnifunc=v:lua.vim.lsp.omnifunc" } },
          description: "Set of files that have to be linked in {file}`runtime` (/etc/xdg/nvim).",
        }),
      },
    },
  },
  config: ({ config }: { config: any }) => {
    const cfg = config.programs.neovim;
    const etc: Record<string, unknown> = {};
    for (const [name, file] of Object.entries(cfg.runtime as Record<string, RuntimeFile>)) {
      etc[`xdg/nvim/${name}`] = {
        enable: file.enable,
        target: `xdg/nvim/${file.target}`,
        ...(file.text !== null ? { text: file.text } : {}),
        ...(file.source !== null ? { source: file.source } : {}),
      };
    }
    return mkIf(cfg.enable, {
      environment: {
        get systemPackages() {
          // A string: while the module system learns the structure, option reads are placeholders.
          const nvim = `${(cfg.package as Package).path("usr/bin/nvim")}`;
          const links: Record<string, { symlink: string }> = {};
          if (cfg.viAlias) links["usr/bin/vi"] = { symlink: nvim };
          if (cfg.vimAlias) links["usr/bin/vim"] = { symlink: nvim };
          return Object.keys(links).length === 0 ? [cfg.package] : [cfg.package, pkgs.directory("neovim-aliases", links)];
        },
        variables: { EDITOR: mkIf(cfg.defaultEditor, mkOverride(defaultEditorPriority, "nvim")) },
        etc,
      },
    });
  },
}));
