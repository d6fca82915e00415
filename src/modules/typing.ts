/**
 * Static types for module authors: `KeelConfig` (the value tree, generated from the declarations
 * into generated/options.ts by `npm run gen:types`), definition types that accept property
 * wrappers at any level, and an exactness check so a misspelt option is a tsc error.
 */
import type { GeneratedConfig } from "./generated/options.ts";
import type { DefinitionProp, IfProp, MergeProp, OrderProp, OverrideProp } from "./properties.ts";
import type { OptionType } from "./types/core.ts";

export type { OptionType };

/** The whole option tree's value types. Regenerate with `npm run gen:types`. */
export interface KeelConfig extends GeneratedConfig {}

/** A package value: Nix's convention, any object with a string `outPath`. */
export interface Package {
  readonly outPath: string;
  readonly [k: string]: unknown;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** A definition of a `T`: the value itself or wrapped in mkIf / mkMerge / mkDefault / mkOrder... */
export type Def<T> = T | IfProp<Def<T>> | MergeProp<Def<T>> | OverrideProp<Def<T>> | OrderProp<Def<T>> | DefinitionProp<Def<T>>;

type IsAny<T> = 0 extends 1 & T ? true : false;

/** What a module may define for a value tree `T`: every level optional and wrappable. */
export type DeepDefs<T> =
  IsAny<T> extends true
    ? any
    : T extends Package | ((...a: any[]) => any) | OptionType
      ? Def<T>
      : T extends readonly (infer E)[]
        ? Def<readonly DeepDefs<E>[]>
        : T extends object
          ? Def<{ [K in keyof T]?: DeepDefs<T[K]> }>
          : Def<T>;

/**
 * Maps a definition `R` to itself with every key that `S` (the value tree) lacks turned into
 * `never`: TypeScript does not excess-check the object an arrow function returns, this does.
 */
export type Exact<R, S> =
  IsAny<S> extends true
    ? R
    : R extends IfProp<infer X>
      ? IfProp<Exact<X, S>>
      : R extends OverrideProp<infer X>
        ? OverrideProp<Exact<X, S>>
        : R extends OrderProp<infer X>
          ? OrderProp<Exact<X, S>>
          : R extends MergeProp<infer X>
            ? MergeProp<Exact<X, S>>
            : R extends readonly any[] | ((...a: any[]) => any) | Package
              ? R
              : R extends object
                ? S extends object
                  ? { [K in keyof R]: K extends keyof S ? Exact<R[K], NonNullable<S[K]>> : never }
                  : R
                : R;

/** The argument of a module function. */
export interface ModuleArgs<C = KeelConfig> {
  config: C;
  options: any;
  pkgs: any;
  lib: any;
  name: string;
  specialArgs: Record<string, any>;
  [arg: string]: any;
}

/** A module as evalModules accepts it (defineModule's result, an object or a function). */
export type ModuleInput = Module | ModuleObject<any, any> | ((args: ModuleArgs<any>) => any);

export interface ModuleObject<C, D> {
  key?: string | number;
  _file?: string;
  _class?: string;
  imports?: readonly ModuleInput[];
  disabledModules?: readonly unknown[];
  options?: Record<string, any>;
  config?: D | ((args: ModuleArgs<C>) => D);
  freeformType?: OptionType;
  meta?: unknown;
}

/** A module tagged with its source file and key (what defineModule returns). */
export interface Module {
  readonly _file: string;
  readonly key: string;
  readonly [k: string]: unknown;
}
