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

export function discharge(def: Def, loc: readonly string[]): Def[] {
  const v = def.value;
  if (isMerge(v)) return v.contents.flatMap((c) => discharge({ file: def.file, value: c }, loc));
  if (isIf(v)) {
    if (typeof v.condition !== "boolean") {
      throw new InvalidDefinitionError(msg.mkIfNotBool(def.file, loc), { loc, definitions: [def] });
    }
    return v.condition ? discharge({ file: def.file, value: v.content }, loc) : [];
  }
  if (isDefinitionProp(v)) return discharge({ file: v.file, value: v.value }, loc);
  return [def];
}

export interface Filtered {
  readonly defs: readonly Def[];
  readonly highestPrio: number;
}

/** Discharge, override filter and order sort: what is left is merged. */
export function filterDefinitions(loc: readonly string[], defs: readonly Def[]): Filtered {
  // Fast path (reference §7 step 5): one definition that carries no property.
  if (defs.length === 1) {
    const v = defs[0]!.value;
    if (typeof v !== "object" || v === null || typeof (v as { _type?: unknown })._type !== "string") {
      return { defs, highestPrio: Priority.plain };
    }
  }
  const discharged = defs.flatMap((d) => discharge(d, loc));
  let highestPrio = NO_PRIORITY;
  for (const d of discharged) highestPrio = Math.min(highestPrio, isOverride(d.value) ? d.value.priority : Priority.plain);
  const kept = discharged
    .filter((d) => (isOverride(d.value) ? d.value.priority : Priority.plain) === highestPrio)
    .map((d) => (isOverride(d.value) ? { file: d.file, value: d.value.content } : d));
  if (!kept.some((d) => isOrder(d.value))) return { defs: kept, highestPrio };
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
