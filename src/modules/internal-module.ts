/** The built-in module of every evaluation (reference §1.1): `_module.args/check/freeformType/specialArgs`. */
import type { Loaded } from "./collect.ts";
import { ModuleRun, type RunOutput } from "./module-run.ts";
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

const FILE = "lib/modules.nix";
const NONE: readonly never[] = Object.freeze([]);

/**
 * The internal module, loaded: what collectModules would make of
 * `{ _file, key, options, config }` (a static module without imports), built directly.
 * `name` (submodules) is defined here as `_module.args.name` rather than by one more module.
 */
export function internalModule(prefix: readonly string[], specialArgs: Record<string, unknown>, name?: string): Loaded {
  const output = new InternalOutput(prefix.length > 0 ? NESTED : TOP, specialArgs, name);
  return { key: FILE, file: FILE, class: undefined, disabled: NONE, children: NONE, run: new ModuleRun(FILE, FILE, undefined, output) };
}

/**
 * The internal module's output; its `config` is made when first read, which is when `_module`
 * is built (module-namespace.ts): most submodule values never get there.
 */
class InternalOutput implements RunOutput {
  private configCache: unknown;

  constructor(
    readonly options: unknown,
    private readonly specialArgs: Record<string, unknown>,
    private readonly name: string | undefined,
  ) {}

  get config(): unknown {
    const name = this.name;
    return (this.configCache ??= { _module: name === undefined ? { specialArgs: this.specialArgs } : { specialArgs: this.specialArgs, args: { name } } });
  }
}

/** True for the `options` of the module internalModule returns (the run is found by them). */
export function isInternalDeclarations(options: unknown): boolean {
  return options === TOP || options === NESTED;
}
