/**
 * One option's definitions → its value (reference §7 steps 3–7): discharge mkMerge/mkIf, keep the
 * strongest override priority, sort by mkOrder, then check and merge with the type. Container
 * types call this per element, so priorities and mkIf act per list entry / attribute.
 */
import { InvalidDefinitionError, NoValueError, TypeMismatchError } from "./errors.ts";
import { msg } from "./messages.ts";
import { isDefinitionProp, isIf, isMerge, isOrder, isOverride, OrderPriority, Priority } from "./properties.ts";
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
  const sorted = kept
    .map((d, i) => ({ d, i, p: isOrder(d.value) ? d.value.priority : OrderPriority.default }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map(({ d }) => (isOrder(d.value) ? { file: d.file, value: d.value.content } : d));
  return { defs: sorted, highestPrio };
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
  const f = filterDefinitions(loc, defs);
  const isDefined = f.defs.length > 0;
  let done = false;
  let cached: unknown;
  return {
    defs: f.defs,
    highestPrio: f.highestPrio,
    isDefined,
    value() {
      if (done) return cached;
      if (isDefined) cached = checkAndMerge(loc, type, f.defs);
      else {
        const empty = type.emptyValue();
        if (!empty) throw new NoValueError(msg.noValue(loc), { loc });
        cached = empty.value;
      }
      done = true;
      return cached;
    },
  };
}
