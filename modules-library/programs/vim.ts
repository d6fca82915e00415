import { defineModule, mkIf, mkOption, mkOverride, mkPackageOption, types } from "../../src/modules/index.ts";
import type { Package, PackageSet } from "../../src/packages/index.ts";
import type { Derivation } from "../../src/store/index.ts";
import { defaultEditorPriority } from "./editor-priority.ts";

/**
 * The `vim` command of a Debian vim flavour. Debian's vim, vim-nox, ... ship only `vim.<flavour>`
 * and name it `vim` with update-alternatives in their postinst, which Keel never runs; a link in
 * a small package of its own stands in for the alternative.
 */
export function vimCommand(pkgs: PackageSet, pkg: Package): Package | Derivation {
  if (pkg.programs.includes("usr/bin/vim")) return pkg;
  const flavour = pkg.programs.find((p) => /^usr\/bin\/vim\.[a-z]+$/.test(p));
  if (flavour === undefined) return pkg;
  return pkgs.directory(`${pkg.debName}-alternatives`, { "usr/bin/vim": { symlink: `${pkg.path(flavour)}` } });
}

/**
 * programs.vim (nixos/modules/programs/vim.nix): Debian's vim (`vim.basic`, with `vim` linked to
 * it) in the system, and EDITOR=vim when defaultEditor is set (NixOS's mkOverride 900).
 */
export default defineModule(({ pkgs }: { pkgs: PackageSet }) => ({
  options: {
    programs: {
      vim: {
        enable: mkOption({ type: types.bool, default: false, example: true, description: "Whether to enable Vi IMproved, an advanced text editor." }),
        defaultEditor: mkOption({ type: types.bool, default: false, example: true, description: "Whether to make vim the default editor (the EDITOR environment variable)." }),
        package: mkPackageOption(pkgs, "vim"),
      },
    },
  },
  config: ({ config }: { config: any }) => {
    const cfg = config.programs.vim;
    return mkIf(cfg.enable || cfg.defaultEditor, {
      // As NixOS until 24.11: defaultEditor alone still installs vim, with a warning.
      warnings: mkIf(cfg.defaultEditor && !cfg.enable, ["programs.vim.defaultEditor will only work if programs.vim.enable is enabled, which will be enforced after the 24.11 release"]),
      environment: {
        get systemPackages() {
          const pkg = cfg.package as Package;
          const command = vimCommand(pkgs, pkg);
          return command === pkg ? [pkg] : [pkg, command];
        },
        variables: { EDITOR: mkIf(cfg.defaultEditor, mkOverride(defaultEditorPriority, "vim")) },
      },
    });
  },
}));
