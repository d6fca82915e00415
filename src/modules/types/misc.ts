/** enum, package, anything, raw, attrs, unspecified, optionType. */
import { ConflictingDefinitionsError } from "../errors.ts";
import { filterDefinitions, mergeDefinitions } from "../merge-definitions.ts";
import { msg } from "../messages.ts";
import { isAttrs, isFunction, isPackage, type Attrs } from "../values.ts";
import { type Def, isOptionType, mergeDefaultOption, mergeEqualOption, mergeOneOption, mkOptionType, type OptionType } from "./core.ts";

function showEnumValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return `<${typeof v}>`;
}

export function enumType<const T extends string | number | boolean>(values: readonly T[]): OptionType<T> {
  const description =
    values.length === 0
      ? "impossible (empty enum)"
      : values.length === 1
        ? `value ${showEnumValue(values[0])} (singular enum)`
        : `one of ${values.map(showEnumValue).join(", ")}`;
  const t = mkOptionType<T>({
    name: "enum",
    description,
    descriptionClass: values.length < 2 ? "noun" : "conjunction",
    check: (v) => values.includes(v as T),
    merge: (loc, defs) => mergeEqualOption(loc, defs) as T,
    mergesOneAsIs: true,
    // Enums are extensible: a second declaration adds its values (nixpkgs does the same).
    typeMerge: (_self, other) => {
      if (other.name !== "enum") return undefined;
      const more = (other as { enumValues?: readonly T[] }).enumValues ?? [];
      return enumType([...new Set([...values, ...more])]);
    },
    tsType: () => (values.length === 0 ? "never" : values.map((v) => JSON.stringify(v)).join(" | ")),
  });
  // typeMerge needs the other declaration's values: they ride on the type record.
  return Object.assign(t, { enumValues: values });
}

const STORE_PATH = /^\/.+\/[0-9abcdfghijklmnpqrsvwxyz]{32}-[A-Za-z0-9+\-._?=]+$/;

export const pkg: OptionType<{ outPath: string }> = mkOptionType<{ outPath: string }>({
  name: "package",
  description: "package",
  descriptionClass: "noun",
  // A string counts only when it is a store path itself (`<storeDir>/<32 base-32 chars>-<name>`),
  // as Nix's isStorePath: "/usr/sbin/nologin" is a path, not a package.
  check: (v) => isPackage(v) || (typeof v === "string" && STORE_PATH.test(v)),
  // A store-path string stands for a package (nixpkgs turns it into a derivation-like set).
  merge: (loc, defs) => {
    const v = mergeOneOption(loc, defs);
    return typeof v === "string" ? { outPath: v, toString: () => v } : (v as { outPath: string });
  },
  tsType: "Package",
});

export const raw: OptionType<unknown> = mkOptionType<unknown>({
  name: "raw",
  description: "raw value",
  descriptionClass: "noun",
  merge: (loc, defs) => mergeOneOption(loc, defs),
  mergesOneAsIs: true,
  tsType: "any",
  tsDefType: () => "any",
});

export const unspecified: OptionType<unknown> = mkOptionType<unknown>({
  name: "unspecified",
  description: "unspecified value",
  descriptionClass: "noun",
  merge: mergeDefaultOption,
  mergesOneAsIs: true,
  tsType: "any",
  tsDefType: () => "any",
});

export const attrs: OptionType<Attrs> = mkOptionType<Attrs>({
  name: "attrs",
  description: "attribute set",
  descriptionClass: "noun",
  check: isAttrs,
  merge: (_loc, defs) => Object.assign({}, ...defs.map((d) => d.value as Attrs)),
  emptyValue: () => ({ value: {} }),
  tsType: "Record<string, any>",
});

function kindOf(v: unknown): string {
  if (isAttrs(v) && (typeof v.outPath === "string" || typeof v.__toString === "function")) return "string-coercible set";
  if (isAttrs(v)) return "set";
  if (Array.isArray(v)) return "list";
  if (isFunction(v)) return "lambda";
  if (v === null || v === undefined) return "null";
  return typeof v;
}

/** `anything`: attrsets merge recursively with properties honoured at every level. */
export const anything: OptionType<unknown> = mkOptionType<unknown>({
  name: "anything",
  description: "anything",
  descriptionClass: "noun",
  merge: mergeAnything,
  tsType: "unknown",
  tsDefType: () => "unknown",
});

function mergeAnything(loc: readonly string[], defs: readonly Def[]): unknown {
  const kinds = new Set(defs.map((d) => kindOf(d.value)));
  if (kinds.size > 1) {
    throw new ConflictingDefinitionsError(msg.conflictingTypes(loc, defs.map((d) => d.file)), { loc, definitions: defs });
  }
  const kind = [...kinds][0];
  if (kind === "set") {
    const keys = new Set(defs.flatMap((d) => Object.keys(d.value as Attrs)));
    const out: Attrs = {};
    for (const k of keys) {
      const sub = defs.filter((d) => Object.hasOwn(d.value as Attrs, k)).map((d) => ({ file: d.file, value: (d.value as Attrs)[k] }));
      const f = filterDefinitions([...loc, k], sub);
      if (f.defs.length === 0) continue;
      out[k] = mergeDefinitions([...loc, k], anything, sub).value();
    }
    return out;
  }
  if (kind === "string-coercible set") return mergeOneOption(loc, defs);
  if (kind === "lambda") {
    return (...args: unknown[]) =>
      mergeDefinitions(
        [...loc, "<function body>"],
        anything,
        defs.map((d) => ({ file: d.file, value: (d.value as (...a: unknown[]) => unknown)(...args) })),
      ).value();
  }
  return mergeEqualOption(loc, defs);
}

export const optionType: OptionType<OptionType> = mkOptionType<OptionType>({
  name: "optionType",
  description: "optionType",
  descriptionClass: "noun",
  check: isOptionType,
  merge: (loc, defs) => {
    let acc = defs[0]!.value as OptionType;
    for (const d of defs.slice(1)) {
      const merged = acc.typeMerge(d.value as OptionType);
      if (!merged) throw new ConflictingDefinitionsError(msg.conflicting(loc, [defs[0]!, d]), { loc, definitions: defs });
      acc = merged;
    }
    return acc;
  },
  tsType: "OptionType",
});
