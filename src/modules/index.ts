/** The module system's public API (see README.md). */
export { types } from "./types/index.ts";
export type { Def as Definition, OptionType } from "./types/core.ts";
export { evalModules, type Evaluated, type EvalModulesArgs, type ExtendArgs } from "./eval-modules.ts";
export {
  Priority,
  OrderPriority,
  mkIf,
  mkLazyIf,
  mkMerge,
  mkOverride,
  mkDefault,
  mkForce,
  mkOptionDefault,
  mkVMOverride,
  mkOrder,
  mkBefore,
  mkAfter,
  mkDefinition,
  mapDefinitionValue,
  literalExpression,
  literalMD,
  type IfProp,
  type MergeProp,
  type OverrideProp,
  type OrderProp,
  type DefinitionProp,
  type LiteralExpression,
  type LiteralMD,
} from "./properties.ts";
export { mkOption, mkEnableOption, mkPackageOption, type OptionDecl, type OptionSpec, type PackageOptionOpts } from "./options.ts";
export * from "./errors.ts";
export { lib } from "./lib.ts";
export { defineModule, defineHost, type Checked, type ModuleShape } from "./define.ts";
export type { KeelConfig, Package, JsonValue, Def, DeepDefs, Exact, ModuleArgs, ModuleInput, Module } from "./typing.ts";
export {
  doRename,
  mkRenamedOptionModule,
  mkAliasOptionModule,
  mkRemovedOptionModule,
  mkChangedOptionModule,
  mkMergedOptionModule,
} from "./renames.ts";
export { whenDeclared } from "./when-declared.ts";
export { assertionsModule, checkAssertions } from "./assertions-module.ts";
export { safeEvaluate, type SafeResult } from "./safe-evaluate.ts";
export { optionDocs, renderOptionsMarkdown, searchOptionDocs, renderDocValue, formatOptionDocs, type OptionDoc } from "./docs.ts";
export { configValueAt, parseOptionPath, renderValue, toJson } from "./cli-support.ts";
export { loadHost, listHosts, loadLibraryModules, loadOptionDocs, type LoadHostOptions } from "./load-host.ts";
export { generateOptionTypes, writeOptionTypes, GENERATED_TYPES_PATH } from "./option-types-file.ts";
export { showOption } from "./messages.ts";
export { prettyValue } from "./pretty.ts";
import type { OptionType as OptionTypeOf } from "./types/core.ts";

/** An option record of `evaluated.options` (value, definitions, files, highestPrio, isDefined, declarations). */
export interface OptionRecord<T = unknown> {
  readonly _type: "option";
  readonly loc: readonly string[];
  readonly type: OptionTypeOf<T>;
  readonly value: T;
  readonly isDefined: boolean;
  readonly highestPrio: number;
  readonly definitions: readonly unknown[];
  readonly files: readonly string[];
  readonly definitionsWithLocations: readonly { file: string; value: unknown }[];
  readonly declarations: readonly string[];
  readonly description?: string;
  readonly default?: T;
}
