/** The built-in module of every evaluation (reference §1.1): `_module.args/check/freeformType/specialArgs`. */
import { mkOption } from "./options.ts";
import { lazyAttrsOf, nullOr } from "./types/containers.ts";
import { optionType, raw, unspecified } from "./types/misc.ts";
import { bool } from "./types/numbers.ts";

// Built once: every evaluation (each submodule value too) gets these declarations.
function declarations(internal: boolean) {
  return {
    _module: {
      args: mkOption({
        type: lazyAttrsOf(raw),
        internal,
        description: "Additional arguments passed to each module, besides `lib`, `config`, `options`, `specialArgs` and the special arguments given to evalModules.",
      }),
      check: mkOption({ type: bool, internal: true, default: true, description: "Whether to check that every option definition has a matching declaration." }),
      freeformType: mkOption({
        type: nullOr(optionType),
        internal: true,
        default: null,
        description: "If set, merge every definition without a matching option with this type; the result becomes part of `config`.",
      }),
      // Typed explicitly (as an untyped option would be): a declaration without a type is copied
      // into each evaluation's tree to add it, and every submodule value has this one.
      specialArgs: mkOption({ type: unspecified, readOnly: true, internal: true, description: "The specialArgs given to evalModules." }),
    },
  };
}
const TOP = declarations(false);
const NESTED = declarations(true);

/** `name` (submodules) is defined here as `_module.args.name` rather than by one more module. */
export function internalModule(prefix: readonly string[], specialArgs: Record<string, unknown>, name?: string): object {
  return {
    _file: "lib/modules.nix",
    key: "lib/modules.nix",
    options: prefix.length > 0 ? NESTED : TOP,
    config: { _module: name === undefined ? { specialArgs } : { specialArgs, args: { name } } },
  };
}
