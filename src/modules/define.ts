/** Typed `defineModule` / `defineHost`; the untyped tagging lives in module.ts. */
import { tagModule } from "./module.ts";
import type { DeepDefs, Exact, KeelConfig, Module, ModuleArgs, ModuleObject } from "./typing.ts";

/**
 * A definition `R` checked against the value tree `C`: assignable to the definition type, and
 * exact (TypeScript does not excess-check what an arrow function returns; `Exact` does).
 */
export type Checked<R, C> = R & Exact<NoInfer<R>, C> & NoInfer<DeepDefs<C>>;

/** A module object whose `config` is checked against the option tree `C`. */
export interface ModuleShape<C, R> extends Omit<ModuleObject<C, never>, "config"> {
  config?: ((args: ModuleArgs<C>) => Checked<R, C>) | DeepDefs<C>;
}

/**
 * Declares a module, tagged with its source file. `config` is typed from the generated option
 * tree (`KeelConfig`); `defineModule<any>(...)` opts out, for modules whose options are outside
 * that tree (tests, submodule bodies). A function module `(args) => ({ ... })` is untyped.
 */
export function defineModule<C = KeelConfig, const R = unknown>(m: ModuleShape<C, R>): Module;
export function defineModule<C = KeelConfig>(m: (args: ModuleArgs<C>) => unknown): Module;
export function defineModule(m: unknown): Module {
  return tagModule(m) as Module;
}

/** Declares a host module (`hosts/<name>/default.ts` default-exports one); typed like defineModule. */
export function defineHost<const R = unknown>(m: ModuleShape<KeelConfig, R>): Module {
  return tagModule(m, { host: true }) as Module;
}
