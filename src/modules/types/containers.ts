/** Type constructors: listOf, attrsOf, lazyAttrsOf, nullOr, either, oneOf, functionTo, uniq, coercedTo, addCheck. */
// Spec functions are methods, not arrow properties: tsx's keepNames wraps every arrow property in
// a defineProperty (leaving the function in dictionary mode), and types are made per declaration.
import { ConflictingDefinitionsError } from "../errors.ts";
import { checkAndMerge, type Merged, mergeDefinitions } from "../merge-definitions.ts";
import { msg } from "../messages.ts";
import { isAttrs, isFunction, type Attrs } from "../values.ts";
import { type Def, mergeUniqueOption, mkOptionType, type OptionType, phrase } from "./core.ts";
import { lazyObject } from "./lazy-attrs.ts";

/** v2 types' `merge` is their checked merge that throws the head error. */
function throwingMerge<V>(self: () => OptionType<V>) {
  return (loc: readonly string[], defs: readonly Def[]) => checkAndMerge(loc, self(), defs) as V;
}

/** A value wrapped in a property (mkIf, mkOverride, mkOrder, ...), which the pipeline discharges. */
function hasProperty(v: unknown): boolean {
  return typeof v === "object" && v !== null && typeof (v as { _type?: unknown })._type === "string";
}

function elemMerge(self: OptionType, other: OptionType, rebuild: (e: OptionType) => OptionType): OptionType | undefined {
  if (other.name !== self.name) return undefined;
  const a = self.nestedTypes.elemType;
  const b = other.nestedTypes.elemType;
  if (!a || !b) return undefined;
  const e = a.typeMerge(b);
  return e ? rebuild(e) : undefined;
}

/**
 * One container per element type on the substSubModules path: every module declaring an
 * `attrsOf (submodule …)` option gets its type's modules located at its file, and the submodule
 * type for the same list is shared (submodule.ts), so the container around it can be too.
 */
const LISTS = new WeakMap<OptionType<any>, OptionType<any>>();
const NON_EMPTY_LISTS = new WeakMap<OptionType<any>, OptionType<any>>();
const ATTRS = new WeakMap<OptionType<any>, OptionType<any>>();
const LAZY_ATTRS = new WeakMap<OptionType<any>, OptionType<any>>();

function substituted(cache: WeakMap<OptionType<any>, OptionType<any>>, elem: OptionType<any>, make: (e: OptionType<any>) => OptionType<any>): OptionType<any> {
  let t = cache.get(elem);
  if (!t) cache.set(elem, (t = make(elem)));
  return t;
}

function listOfImpl<T>(elem: OptionType<T>, nonEmpty: boolean): OptionType<T[]> {
  const name = nonEmpty ? "nonEmptyListOf" : "listOf";
  const base = `list of ${phrase(["noun", "composite"], elem)}`;
  const t: OptionType<T[]> = mkOptionType<T[]>({
    name,
    description: nonEmpty ? `non-empty (${base})` : base,
    descriptionClass: nonEmpty ? "noun" : "composite",
    check(v) { return Array.isArray(v) && (!nonEmpty || v.length > 0); },
    mergeChecked(loc, defs) {
      const bad = defs.filter((d) => !Array.isArray(d.value));
      if (bad.length > 0) return { headError: msg.definitionValues(bad) };
      const out: T[] = [];
      const asIs = elem.mergesOneAsIs;
      for (let n = 0; n < defs.length; n++) {
        const d = defs[n]!;
        const items = d.value as unknown[];
        for (let m = 0; m < items.length; m++) {
          const item = items[m];
          // Most entries are plain leaves: the per-entry pipeline would hand them back unchanged.
          if (asIs && !hasProperty(item) && elem.check(item)) {
            out.push(item as T);
            continue;
          }
          const merged = mergeDefinitions([...loc, `[definition ${n + 1}-entry ${m + 1}]`], elem, [{ file: d.file, value: item }]);
          if (merged.isDefined) out.push(merged.value() as T);
        }
      }
      if (nonEmpty && out.length === 0) return { headError: `The option \`${loc.join(".")}' must be a non-empty list. ${msg.definitionValues(defs)}` };
      return { value: out };
    },
    merge: throwingMerge(() => t),
    emptyValue() { return (nonEmpty ? undefined : { value: [] }); },
    getSubOptions(prefix) { return elem.getSubOptions?.([...prefix, "*"]) ?? {}; },
    getSubModules() { return elem.getSubModules?.(); },
    substSubModules(m) { return elem.substSubModules ? substituted(nonEmpty ? NON_EMPTY_LISTS : LISTS, elem.substSubModules(m), (e) => listOfImpl(e, nonEmpty)) : t; },
    typeMerge(self, other) { return elemMerge(self, other, (e) => listOfImpl(e, nonEmpty)); },
    nestedTypes: { elemType: elem },
    tsType() { return `Array<${elem.tsType()}>`; },
    tsDefType() { return `Def<Array<${elem.tsDefType()}>>`; },
  });
  return t;
}

export function listOf<T>(elem: OptionType<T>): OptionType<T[]> {
  return listOfImpl(elem, false);
}
export function nonEmptyListOf<T>(elem: OptionType<T>): OptionType<T[]> {
  return listOfImpl(elem, true);
}

/**
 * An attribute's path, made outside mergeChecked: a closure made there would share (and keep)
 * its scope, with every definition and merge state, after the values are computed.
 */
function locUnder(loc: readonly string[]): (k: string) => readonly string[] {
  return (k) => [...loc, k];
}

/** The definitions of one attribute (a function, not a closure per merge: tsx's keepNames names those). */
function defsOfKey(byKey: Map<string, Def[]>, k: string): Def[] {
  return byKey.get(k)!.map((d) => ({ file: d.file, value: (d.value as Attrs)[k] }));
}

function attrsImpl<T>(elem: OptionType<T>, lazy: boolean): OptionType<Record<string, T>> {
  const name = lazy ? "lazyAttrsOf" : "attrsOf";
  const t: OptionType<Record<string, T>> = mkOptionType<Record<string, T>>({
    name,
    description: `${lazy ? "lazy attribute set" : "attribute set"} of ${phrase(["noun", "composite"], elem)}`,
    descriptionClass: "composite",
    check: isAttrs,
    mergeChecked(loc, defs) {
      const bad = defs.filter((d) => !isAttrs(d.value));
      if (bad.length > 0) return { headError: msg.definitionValues(bad) };
      // Which definitions name each key, in definition order, gathered in one pass. The values are
      // read only when a key is merged: a lazyAttrsOf key's value may be a getter not to force yet.
      const byKey = new Map<string, Def[]>();
      for (let i = 0; i < defs.length; i++) {
        const d = defs[i]!;
        const names = Object.keys(d.value as Attrs);
        for (let j = 0; j < names.length; j++) {
          const list = byKey.get(names[j]!);
          if (list) list.push(d);
          else byKey.set(names[j]!, [d]);
        }
      }
      const keys = [...byKey.keys()].sort();
      if (lazy) return { value: lazyObject(keys, (k) => mergeDefinitions([...loc, k], elem, defsOfKey(byKey, k)).value(), locUnder(loc)) as Record<string, T> };
      // Non-lazy: discharging each key's mkIf decides which keys exist (so keys cannot read each other).
      const merged = new Map<string, Merged>();
      const present: string[] = [];
      for (const k of keys) {
        const m = mergeDefinitions([...loc, k], elem, defsOfKey(byKey, k));
        merged.set(k, m);
        if (m.isDefined) present.push(k);
      }
      return { value: lazyObject(present, (k) => merged.get(k)!.value(), locUnder(loc)) as Record<string, T> };
    },
    merge: throwingMerge(() => t),
    emptyValue() { return ({ value: {} }); },
    getSubOptions(prefix) { return elem.getSubOptions?.([...prefix, "<name>"]) ?? {}; },
    getSubModules() { return elem.getSubModules?.(); },
    substSubModules(m) { return elem.substSubModules ? substituted(lazy ? LAZY_ATTRS : ATTRS, elem.substSubModules(m), (e) => attrsImpl(e, lazy)) : t; },
    typeMerge(self, other) { return elemMerge(self, other, (e) => attrsImpl(e, lazy)); },
    nestedTypes: { elemType: elem },
    tsType() { return `{ [name: string]: ${elem.tsType()} }`; },
    tsDefType() { return `Def<{ [name: string]: ${elem.tsDefType()} }>`; },
  });
  return t;
}

export function attrsOf<T>(elem: OptionType<T>): OptionType<Record<string, T>> {
  return attrsImpl(elem, false);
}
export function lazyAttrsOf<T>(elem: OptionType<T>): OptionType<Record<string, T>> {
  return attrsImpl(elem, true);
}

export function nullOr<T>(elem: OptionType<T>): OptionType<T | null> {
  return mkOptionType<T | null>({
    name: "nullOr",
    description: `null or ${phrase(["noun", "conjunction"], elem)}`,
    descriptionClass: "conjunction",
    check(v) { return v === null || elem.check(v); },
    merge(loc, defs) {
      const nulls = defs.filter((d) => d.value === null);
      if (nulls.length === defs.length) return null;
      if (nulls.length === 0) return elem.merge(loc, defs);
      throw new ConflictingDefinitionsError(msg.nullAndNotNull(loc, defs.map((d) => d.file)), { loc, definitions: defs });
    },
    emptyValue() { return ({ value: null }); },
    getSubOptions(prefix) { return elem.getSubOptions?.(prefix) ?? {}; },
    getSubModules() { return elem.getSubModules?.(); },
    substSubModules(m) { return nullOr(elem.substSubModules ? elem.substSubModules(m) : elem); },
    typeMerge(self, other) { return elemMerge(self, other, (e) => nullOr(e)); },
    nestedTypes: { elemType: elem },
    tsType() { return `${elem.tsType()} | null`; },
    tsDefType() { return `${elem.tsDefType()} | null`; },
  });
}

export function either<A, B>(left: OptionType<A>, right: OptionType<B>): OptionType<A | B> {
  const leftText = left.descriptionClass === "nonRestrictiveClause" ? `${left.description},` : phrase(["noun", "conjunction"], left);
  const t: OptionType<A | B> = mkOptionType<A | B>({
    name: "either",
    description: `${leftText} or ${phrase(["noun", "conjunction", "composite"], right)}`,
    descriptionClass: "conjunction",
    check(v) { return left.check(v) || right.check(v); },
    mergeChecked(loc, defs) {
      if (defs.every((d) => left.check(d.value))) return { value: checkAndMerge(loc, left, defs) as A };
      if (defs.every((d) => right.check(d.value))) return { value: checkAndMerge(loc, right, defs) as B };
      return { headError: msg.neither(loc, left.description, right.description, defs) };
    },
    merge: throwingMerge(() => t),
    getSubModules() { return left.getSubModules?.() ?? right.getSubModules?.(); },
    typeMerge(_self, other) {
      if (other.name !== "either") return undefined;
      const l = left.typeMerge(other.nestedTypes.left!);
      const r = right.typeMerge(other.nestedTypes.right!);
      return l && r ? either(l, r) : undefined;
    },
    nestedTypes: { left, right },
    tsType() { return `${left.tsType()} | ${right.tsType()}`; },
    tsDefType() { return `${left.tsDefType()} | ${right.tsDefType()}`; },
  });
  return t;
}

/** The value type of an option type; distributes over unions, so oneOf of mixed types is their union. */
type ValueOfType<T> = T extends OptionType<infer V> ? V : never;

export function oneOf<const Ts extends readonly OptionType<any>[]>(ts: Ts): OptionType<ValueOfType<Ts[number]>> {
  type T = ValueOfType<Ts[number]>;
  if (ts.length === 0) throw new TypeError("types.oneOf needs at least one type");
  return ts.slice(1).reduce<OptionType<T>>((acc, t) => either(acc, t) as OptionType<T>, ts[0]! as OptionType<T>);
}

export function functionTo<T>(result: OptionType<T>): OptionType<(...args: any[]) => T> {
  return mkOptionType<(...args: any[]) => T>({
    name: "functionTo",
    description: `function that evaluates to a(n) ${phrase(["noun", "composite"], result)}`,
    descriptionClass: "composite",
    check: isFunction,
    merge: (loc, defs) =>
      (...args: any[]) =>
        mergeDefinitions(
          [...loc, "<function body>"],
          result,
          defs.map((d) => ({ file: d.file, value: (d.value as (...a: any[]) => unknown)(...args) })),
        ).value() as T,
    getSubOptions(prefix) { return result.getSubOptions?.([...prefix, "<function body>"]) ?? {}; },
    getSubModules() { return result.getSubModules?.(); },
    substSubModules(m) { return functionTo(result.substSubModules ? result.substSubModules(m) : result); },
    typeMerge(self, other) { return elemMerge(self, other, (e) => functionTo(e)); },
    nestedTypes: { elemType: result },
    tsType() { return `(...args: any[]) => ${result.tsType()}`; },
    tsDefType() { return `Def<(...args: any[]) => ${result.tsDefType()}>`; },
  });
}

export function unique<T>(opts: { message: string }, elem: OptionType<T>): OptionType<T> {
  const one = mergeUniqueOption(opts.message);
  return mkOptionType<T>({
    name: "unique",
    description: elem.description,
    descriptionClass: elem.descriptionClass,
    check: elem.check,
    merge(loc, defs) {
      one(loc, defs);
      return checkAndMerge(loc, elem, defs) as T;
    },
    emptyValue() { return elem.emptyValue(); },
    getSubOptions: elem.getSubOptions,
    getSubModules() { return elem.getSubModules?.(); },
    substSubModules(m) { return unique(opts, elem.substSubModules ? elem.substSubModules(m) : elem); },
    typeMerge(self, other) { return elemMerge(self, other, (e) => unique(opts, e)); },
    nestedTypes: { elemType: elem },
    tsType() { return elem.tsType(); },
    tsDefType() { return elem.tsDefType(); },
  });
}

export function uniq<T>(elem: OptionType<T>): OptionType<T> {
  return unique({ message: "" }, elem);
}

export function coercedTo<F, T>(from: OptionType<F>, f: (v: F) => T, to: OptionType<T>): OptionType<T> {
  const coerce = (v: unknown) => (from.check(v) ? f(v as F) : v);
  const ok = (v: unknown) => (from.check(v) && to.check(f(v as F))) || to.check(v);
  const t: OptionType<T> = mkOptionType<T>({
    name: "coercedTo",
    description: `${phrase(["noun"], to)} or ${phrase(["noun"], from)} convertible to it`,
    descriptionClass: "noun",
    check: ok,
    mergeChecked(loc, defs) {
      const bad = defs.filter((d) => !ok(d.value));
      if (bad.length > 0) return { headError: msg.definitionValues(bad) };
      return { value: checkAndMerge(loc, to, defs.map((d) => ({ file: d.file, value: coerce(d.value) }))) as T };
    },
    merge: throwingMerge(() => t),
    emptyValue() { return to.emptyValue(); },
    getSubOptions: to.getSubOptions,
    getSubModules() { return to.getSubModules?.(); },
    typeMerge() { return undefined; },
    nestedTypes: { coercedType: from, finalType: to },
    tsType() { return to.tsType(); },
    tsDefType() { return `Def<${from.tsType()}> | ${to.tsDefType()}`; },
  });
  return t;
}

/** `t` with an extra check; for checked (v2) types the check joins the head error. */
export function addCheck<T>(elem: OptionType<T>, extra: (v: T) => boolean): OptionType<T> {
  const check = (v: unknown) => elem.check(v) && extra(v as T);
  const t: OptionType<T> = {
    ...elem,
    check,
    mergeChecked: elem.mergeChecked
      ? (loc, defs) => {
          const bad = defs.filter((d) => elem.check(d.value) && !extra(d.value as T));
          if (bad.length > 0) return { headError: msg.definitionValues(bad) };
          return elem.mergeChecked!(loc, defs);
        }
      : undefined,
    merge(loc, defs) { return (elem.mergeChecked ? (checkAndMerge(loc, t, defs) as T) : elem.merge(loc, defs)); },
  };
  return t;
}
