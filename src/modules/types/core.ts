/**
 * The option-type record (nixpkgs `mkOptionType`): each type owns its check, merge, description,
 * empty value, sub-options and how it merges with a second declaration of the same option.
 */
import { ConflictingDefinitionsError, NotUniqueError, TypeMismatchError } from "../errors.ts";
import { msg } from "../messages.ts";
import { deepEqual, isAttrs, isFunction, type Attrs } from "../values.ts";

export interface Def {
  readonly file: string;
  readonly value: unknown;
}

export type DescriptionClass = "noun" | "conjunction" | "composite" | "nonRestrictiveClause";

/** A node of an options tree as `getSubOptions` returns it: nested records, leaves are options. */
export type SubOptions = Record<string, unknown>;

export interface OptionType<V = unknown> {
  readonly _type: "option-type";
  readonly name: string;
  readonly description: string;
  readonly descriptionClass?: DescriptionClass;
  /** Shallow check of one definition value (only the root of the value). */
  check(value: unknown): boolean;
  /** Merges final definitions (properties already stripped, all passing `check`). */
  merge(loc: readonly string[], defs: readonly Def[]): V;
  /**
   * "v2" types check and merge in one step and report a head error in the `TypeError:` wording
   * (nixpkgs `merge.v2`); the option pipeline prefers this when present.
   */
  mergeChecked?(loc: readonly string[], defs: readonly Def[]): { headError?: string; value?: V };
  /** The value an option of this type has with no definitions; undefined = none. */
  emptyValue(): { value: V } | undefined;
  getSubOptions?(prefix: readonly string[]): SubOptions;
  /** The modules of a submodule-like type, so several declarations can combine them. */
  getSubModules?(): readonly unknown[] | undefined;
  substSubModules?(modules: readonly unknown[]): OptionType<V>;
  /** Merges with another declaration's type; undefined = incompatible ("already declared"). */
  typeMerge(other: OptionType): OptionType | undefined;
  readonly nestedTypes: Readonly<Record<string, OptionType>>;
  /** The TypeScript type of a merged value, for the generated declaration file. */
  tsType(): string;
  /** The TypeScript type a definition may have (property wrappers allowed where they work). */
  tsDefType(): string;
  /**
   * True when merging one definition (checked, without properties) gives its value unchanged, so
   * containers may take such an element as it is instead of running the whole pipeline on it.
   */
  readonly mergesOneAsIs: boolean;
  /** Phantom: the value type, for `mkOption` inference. */
  readonly __value?: V;
}

export interface TypeSpec<V> {
  name: string;
  description?: string;
  descriptionClass?: DescriptionClass;
  check?: (value: unknown) => boolean;
  merge?: (loc: readonly string[], defs: readonly Def[]) => V;
  mergeChecked?: OptionType<V>["mergeChecked"];
  emptyValue?: () => { value: V } | undefined;
  getSubOptions?: OptionType<V>["getSubOptions"];
  getSubModules?: OptionType<V>["getSubModules"];
  substSubModules?: OptionType<V>["substSubModules"];
  typeMerge?: (self: OptionType<V>, other: OptionType) => OptionType | undefined;
  nestedTypes?: Record<string, OptionType>;
  tsType?: string | (() => string);
  tsDefType?: () => string;
  mergesOneAsIs?: boolean;
}

export function mkOptionType<V>(spec: TypeSpec<V>): OptionType<V> {
  const ts = spec.tsType ?? "unknown";
  const self: OptionType<V> = {
    _type: "option-type",
    name: spec.name,
    description: spec.description ?? spec.name,
    descriptionClass: spec.descriptionClass,
    check: spec.check ?? (() => true),
    merge: spec.merge ?? ((loc, defs) => mergeDefaultOption(loc, defs) as V),
    mergeChecked: spec.mergeChecked,
    emptyValue: spec.emptyValue ?? (() => undefined),
    getSubOptions: spec.getSubOptions,
    getSubModules: spec.getSubModules,
    substSubModules: spec.substSubModules,
    typeMerge(other) {
      return spec.typeMerge ? spec.typeMerge(self, other) : other.name === self.name ? self : undefined;
    },
    nestedTypes: spec.nestedTypes ?? {},
    tsType: typeof ts === "string" ? () => ts : ts,
    tsDefType: spec.tsDefType ?? (() => `Def<${self.tsType()}>`),
    mergesOneAsIs: spec.mergesOneAsIs ?? false,
  };
  return self;
}

export function isOptionType(v: unknown): v is OptionType {
  return isAttrs(v) && v._type === "option-type";
}

/** Parenthesises an inner description unless its class reads well bare in the wrapper. */
export function phrase(allowed: readonly DescriptionClass[], t: OptionType): string {
  return t.descriptionClass !== undefined && allowed.includes(t.descriptionClass) ? t.description : `(${t.description})`;
}

export function mergeEqualOption(loc: readonly string[], defs: readonly Def[]): unknown {
  const first = defs[0]!;
  for (const d of defs.slice(1)) {
    if (!deepEqual(first.value, d.value)) {
      throw new ConflictingDefinitionsError(msg.conflicting(loc, [first, d]), { loc, definitions: [first, d] });
    }
  }
  return first.value;
}

export function mergeUniqueOption(message: string) {
  return (loc: readonly string[], defs: readonly Def[]): unknown => {
    if (defs.length === 1) return defs[0]!.value;
    throw new NotUniqueError(msg.notUnique(loc, message, defs), { loc, definitions: defs });
  };
}

export const mergeOneOption = mergeUniqueOption("");

/** Untyped options: lists concatenate, attrsets update, bools OR, strings concatenate. */
export function mergeDefaultOption(loc: readonly string[], defs: readonly Def[]): unknown {
  if (defs.length === 1) return defs[0]!.value;
  const values = defs.map((d) => d.value);
  if (values.every(Array.isArray)) return values.flat(1);
  if (values.every(isFunction)) {
    return (...args: unknown[]) => values.map((f) => (f as (...a: unknown[]) => unknown)(...args)).at(-1);
  }
  if (values.every((v) => typeof v === "boolean")) return values.some(Boolean);
  if (values.every((v) => typeof v === "string")) return values.join("");
  if (values.every((v) => isAttrs(v))) return Object.assign({}, ...(values as Attrs[]));
  if (values.every((v) => Number.isInteger(v)) && values.every((v) => v === values[0])) return values[0];
  throw new TypeMismatchError(msg.cannotMerge(loc, defs), { loc, definitions: defs });
}
