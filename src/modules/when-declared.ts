/**
 * A definition that applies only if its option is declared (Keel's stand-in for nixpkgs'
 * `optionalAttrs (options ? warnings)`): structure is fixed before options exist, so the test
 * happens when definitions are matched. Unmatched, it is dropped instead of reported.
 */
import { isIf, isOrder, isOverride } from "./properties.ts";
import { isAttrs } from "./values.ts";

const TAG = "keel-when-declared";

export interface WhenDeclared<T> {
  readonly _type: typeof TAG;
  readonly content: T;
}

export function whenDeclared<T>(content: T): WhenDeclared<T> {
  return { _type: TAG, content };
}

/** Asked of every definition as it is matched to its option: reads the tag once. */
export function isWhenDeclared(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  const tag = (v as { _type?: unknown })._type;
  if (tag === "if" || tag === "override" || tag === "order") {
    // A wrapper whose content is a getter (mkLazyIf) is read only by the merge, once the values
    // it depends on exist: peeking here would force it while definitions are indexed.
    if ((v as { __lookupGetter__(k: string): unknown }).__lookupGetter__("content") !== undefined) return false;
    return isWhenDeclared((v as { content: unknown }).content);
  }
  return tag === TAG && isAttrs(v);
}

/** Removes the marker from inside property wrappers. */
export function stripWhenDeclared(v: unknown): unknown {
  if (isIf(v) || isOverride(v) || isOrder(v)) return { ...v, content: stripWhenDeclared(v.content) };
  return isAttrs(v) && v._type === TAG ? v.content : v;
}
