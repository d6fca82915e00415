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

/** `extendModules` of an evaluation (made by a helper: an anonymous closure skips tsx's keepNames cost). */
function extender(args: InternalArgs): (more?: ExtendArgs) => Evaluated {
  return (more = {}) =>
    evalInternal({
      ...args,
      modules: [...args.modules, ...(more.modules ?? [])],
      specialArgs: { ...args.specialArgs, ...more.specialArgs },
      prefix: more.prefix ?? args.prefix,
    });
}

/** The evaluation's own submodule type, made on first use. */
function moduleTyper(args: InternalArgs): () => OptionType {
  let type: OptionType | undefined;
  return () => (type ??= hooks.submoduleWith({ modules: args.modules, specialArgs: args.specialArgs, class: args.class ?? null }));
}

function evalInternal(args: InternalArgs): Evaluated {
  const extendModules = extender(args);
  const moduleType = moduleTyper(args);
  const ev = new Evaluation({
    modules: args.modules,
    specialArgs: args.specialArgs,
    prefix: args.prefix,
    class: args.class,
    name: args.name,
    lib,
    extendModules,
    moduleType,
  });
  return {
    _type: "configuration",
    get config() {
      ev.checkUnmatched();
      return ev.configView(true);
    },
    get options() {
      ev.checkUnmatched();
      return ev.optionsView();
    },
    get _module() {
      ev.checkUnmatched();
      return (ev.configView(false) as { _module: unknown })._module;
    },
    get type() {
      return moduleType();
    },
    class: args.class,
    extendModules,
    evaluation: ev,
  };
}

hooks.evalModules = evalInternal;
