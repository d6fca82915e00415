/** `evalModules` (reference §1): the entry point, returning config, options and extendModules. */
import { Evaluation } from "./evaluation.ts";
import { hooks } from "./hooks.ts";
import { lib } from "./lib.ts";
import type { OptionType } from "./types/core.ts";

export interface EvalModulesArgs {
  modules: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  prefix?: readonly string[];
  class?: string;
}

export interface ExtendArgs {
  modules?: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  prefix?: readonly string[];
}

export interface Evaluated<C = any> {
  readonly _type: "configuration";
  /** The configuration; reading a value computes only what it needs. */
  readonly config: C;
  /** The option tree: nested objects whose leaves are option records. */
  readonly options: any;
  readonly _module: any;
  /** A submodule type whose values extend this configuration. */
  readonly type: OptionType;
  readonly class: string | undefined;
  extendModules(args?: ExtendArgs): Evaluated<C>;
  /** The engine object behind this result (docs, diagnostics). */
  readonly evaluation: Evaluation;
}

interface InternalArgs extends EvalModulesArgs {
  name?: string;
}

export function evalModules<C = any>(args: EvalModulesArgs): Evaluated<C> {
  return evalInternal(args) as Evaluated<C>;
}

/**
 * The result of evalModules. A class (getters on the prototype, `extendModules` and the module
 * type made on first use): every submodule value is one, and an object literal with getters
 * and two closures per value was a visible share of the module benchmark.
 */
class EvaluatedModules implements Evaluated {
  readonly _type = "configuration" as const;
  readonly evaluation: Evaluation;
  private moduleTypeCache: OptionType | undefined;
  private extendCache: ((more?: ExtendArgs) => Evaluated) | undefined;

  constructor(private readonly args: InternalArgs) {
    this.evaluation = new Evaluation({
      modules: args.modules,
      specialArgs: args.specialArgs,
      prefix: args.prefix,
      class: args.class,
      name: args.name,
      lib,
      owner: this,
    });
  }

  get config(): any {
    this.evaluation.checkUnmatched();
    return this.evaluation.configView(true);
  }
  get options(): any {
    this.evaluation.checkUnmatched();
    return this.evaluation.optionsView();
  }
  get _module(): any {
    this.evaluation.checkUnmatched();
    return (this.evaluation.configView(false) as { _module: unknown })._module;
  }
  get type(): OptionType {
    const args = this.args;
    return (this.moduleTypeCache ??= hooks.submoduleWith({ modules: args.modules, specialArgs: args.specialArgs, class: args.class ?? null }));
  }
  get class(): string | undefined {
    return this.args.class;
  }
  /** A function value (not a method): module code passes it around detached. */
  get extendModules(): (more?: ExtendArgs) => Evaluated {
    const args = this.args;
    return (this.extendCache ??= (more: ExtendArgs = {}) =>
      evalInternal({
        ...args,
        modules: [...args.modules, ...(more.modules ?? [])],
        specialArgs: { ...args.specialArgs, ...more.specialArgs },
        prefix: more.prefix ?? args.prefix,
      }));
  }
}

function evalInternal(args: InternalArgs): Evaluated {
  return new EvaluatedModules(args);
}

hooks.evalModules = evalInternal;
