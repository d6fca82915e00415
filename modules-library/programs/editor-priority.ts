import { Priority } from "../../src/modules/index.ts";

/**
 * The priority programs.vim and programs.neovim give EDITOR (NixOS: `mkOverride 900`): above a
 * module's `mkDefault`, so choosing a default editor wins over a module's suggestion, below a
 * plain definition, so a host's own `environment.variables.EDITOR` wins over both. Two editors
 * both marked defaultEditor conflict, as in NixOS.
 */
export const defaultEditorPriority = Priority.default - 100;
