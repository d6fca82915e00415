/**
 * One option's definitions → its value (reference §7 steps 3–7): discharge mkMerge/mkIf, keep the
 * strongest override priority, sort by mkOrder, then check and merge with the type. Container
 * types call this per element, so priorities and mkIf act per list entry / attribute.
 */
import { InvalidDefinitionError, NoValueError, TypeMismatchError } from "./errors.ts";
import { msg } from "./messages.ts";
import { isDefinitionProp, isIf, isMerge, isOrder, isOverride, mkOptionDefault, OrderPriority, Priority } from "./properties.ts";
import type { Def, OptionType } from "./types/core.ts";

const NO_PRIORITY = 9999;

/** Appends the discharged definitions of `def` to `out` (mkMerge / mkIf / mkDefinition removed). */
function dischargeInto(out: Def[], file: string, v: unknown, loc: readonly string[]): void {
  if (isMerge(v)) {
    const contents = v.contents;
    for (let i = 0; i < contents.length; i++) dischargeInto(out, file, contents[i], loc);
  } else if (isIf(v)) {
    if (typeof v.condition !== "boolean") {
      throw new InvalidDefinitionError(msg.mkIfNotBool(file, loc), { loc, definitions: [{ file, value: v }] });
    }
    if (v.condition) dischargeInto(out, file, v.content, loc);
  } else if (isDefinitionProp(v)) {
    dischargeInto(out, v.file, v.value, loc);
  } else {
    out.push({ file, value: v });
  }
}

/** True for a value carrying a property wrapper (`_type` string): only those need discharging. */
function hasTag(v: unknown): boolean {
  return typeof v === "object" && v !== null && typeof (v as { _type?: unknown })._type === "string";
}

export function discharge(def: Def, loc: readonly string[]): Def[] {
  const out: Def[] = [];
  dischargeInto(out, def.file, def.value, loc);
  return out;
}

export interface Filtered {
  readonly defs: readonly Def[];
  readonly highestPrio: number;
}

/**
 * filterDefinitions of the option's default (as `mkOptionDefault default`) followed by `defs`,
 * without building that list when nothing carries a property (most options): plain definitions
 * then beat the default, and with none the default is the one definition left.
 */
export function filterWithDefault(loc: readonly string[], defs: readonly Def[], file: string, value: unknown): Filtered {
  let tagged = hasTag(value);
  for (let i = 0; i < defs.length && !tagged; i++) tagged = hasTag(defs[i]!.value);
  if (!tagged) return defs.length === 0 ? { defs: [{ file, value }], highestPrio: Priority.optionDefault } : { defs, highestPrio: Priority.plain };
  const first: Def = { file, value: mkOptionDefault(value) };
  return filterDefinitions(loc, defs.length === 0 ? [first] : [first].concat(defs));
}

const priorityOf = (v: unknown) => (isOverride(v) ? v.priority : Priority.plain);

/** Discharge, override filter and order sort: what is left is merged. */
export function filterDefinitions(loc: readonly string[], defs: readonly Def[]): Filtered {
  // Fast path (reference §7 step 5): one definition that carries no property.
  if (defs.length === 1) {
    const v = defs[0]!.value;
    if (typeof v !== "object" || v === null || typeof (v as { _type?: unknown })._type !== "string") {
      return { defs, highestPrio: Priority.plain };
    }
  }
  // Fast path: no definition carries a property, so all are plain, unordered and kept as they are.
  let tagged = false;
  for (let i = 0; i < defs.length && !tagged; i++) tagged = hasTag(defs[i]!.value);
  if (!tagged) return { defs, highestPrio: defs.length === 0 ? NO_PRIORITY : Priority.plain };
  const discharged: Def[] = [];
  for (let i = 0; i < defs.length; i++) {
    const d = defs[i]!;
    // A definition without properties is kept as it is (no copy): most are.
    if (hasTag(d.value)) dischargeInto(discharged, d.file, d.value, loc);
    else discharged.push(d);
  }
  let highestPrio = NO_PRIORITY;
  for (let i = 0; i < discharged.length; i++) highestPrio = Math.min(highestPrio, priorityOf(discharged[i]!.value));
  const kept: Def[] = [];
  let ordered = false;
  for (let i = 0; i < discharged.length; i++) {
    const d = discharged[i]!;
    if (priorityOf(d.value) !== highestPrio) continue;
    const def = isOverride(d.value) ? { file: d.file, value: d.value.content } : d;
    if (isOrder(def.value)) ordered = true;
    kept.push(def);
  }
  // Retained by the option's result: the usual single survivor as an exact-size array.
  if (!ordered) return { defs: kept.length === 1 ? [kept[0]!] : kept, highestPrio };
  return { defs: sortByOrder(kept), highestPrio };
}

/**
 * The mkOrder sort (stable: equal priorities keep definition order), wrappers removed. Its own
 * function, by insertion for the usual few definitions: a map/sort/map chain inside
 * filterDefinitions made that (hot, optimised) function larger and deoptimised it.
 */
function sortByOrder(kept: readonly Def[]): Def[] {
  if (kept.length > 64) {
    return kept
      .map((d, i) => ({ d, i, p: isOrder(d.value) ? d.value.priority : OrderPriority.default }))
      .sort((a, b) => a.p - b.p || a.i - b.i)
      .map(({ d }) => (isOrder(d.value) ? { file: d.file, value: d.value.content } : d));
  }
  const out: Def[] = [];
  const priorities: number[] = [];
  for (let i = 0; i < kept.length; i++) {
    const d = kept[i]!;
    const v = d.value;
    const order = isOrder(v);
    const p = order ? v.priority : OrderPriority.default;
    const def = order ? { file: d.file, value: v.content } : d;
    let j = out.length;
    out.push(def);
    priorities.push(p);
    while (j > 0 && priorities[j - 1]! > p) {
      out[j] = out[j - 1]!;
      priorities[j] = priorities[j - 1]!;
      j--;
    }
    out[j] = def;
    priorities[j] = p;
  }
  return out;
}

/** Checks then merges final definitions with `type`, in the reference's error shapes. */
export function checkAndMerge(loc: readonly string[], type: OptionType, defs: readonly Def[]): unknown {
  if (type.mergeChecked) {
    const r = type.mergeChecked(loc, defs);
    if (r.headError !== undefined) {
      throw new TypeMismatchError(msg.typeErrorV2(loc, type.description, r.headError), { loc, definitions: defs });
    }
    return r.value;
  }
  const bad = defs.filter((d) => !type.check(d.value));
  if (bad.length > 0) {
    throw new TypeMismatchError(msg.typeMismatch(loc, type.description, bad), { loc, definitions: bad });
  }
  return type.merge(loc, defs);
}

export interface Merged {
  readonly defs: readonly Def[];
  readonly highestPrio: number;
  readonly isDefined: boolean;
  /** Forces the value; throws the type's or "no value defined" error. */
  value(): unknown;
}

export function mergeDefinitions(loc: readonly string[], type: OptionType, defs: readonly Def[]): Merged {
  return mergeFiltered(loc, type, filterDefinitions(loc, defs));
}

/** mergeDefinitions after filtering (filterDefinitions or filterWithDefault). */
export function mergeFiltered(loc: readonly string[], type: OptionType, f: Filtered): Merged {
  return new MergedDefinitions(loc, type, f.defs, f.highestPrio);
}

/**
 * A class rather than an object literal with a closure: one is made per option of every
 * evaluation and per attribute or list entry merged by container types.
 */
class MergedDefinitions implements Merged {
  // Declared and assigned once (see OptionResult): no define-as-undefined before each assignment.
  declare readonly isDefined: boolean;
  declare private done: boolean;
  declare private cached: unknown;
  declare private readonly loc: readonly string[];
  declare private readonly type: OptionType;
  declare readonly defs: readonly Def[];
  declare readonly highestPrio: number;

  constructor(loc: readonly string[], type: OptionType, defs: readonly Def[], highestPrio: number) {
    this.isDefined = defs.length > 0;
    this.done = false;
    this.cached = undefined;
    this.loc = loc;
    this.type = type;
    this.defs = defs;
    this.highestPrio = highestPrio;
  }

  value(): unknown {
    if (this.done) return this.cached;
    if (this.isDefined) this.cached = checkAndMerge(this.loc, this.type, this.defs);
    else {
      const empty = this.type.emptyValue();
      if (!empty) throw new NoValueError(msg.noValue(this.loc), { loc: this.loc });
      this.cached = empty.value;
    }
    this.done = true;
    return this.cached;
  }
}
