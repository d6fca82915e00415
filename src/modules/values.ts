/** Value helpers with Nix's distinctions (attrset vs list vs function, int vs float). */
import { OPAQUE, poisonOf } from "./poison.ts";

export type Attrs = Record<string, unknown>;

/**
 * A Nix-like attribute set: a non-array, non-null object. A poison is never one: it is a Proxy
 * over a function (typeof "function"), so no poison lookup is needed here, on the hottest test.
 */
export function isAttrs(v: unknown): v is Attrs {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isPlainAttrs(v: unknown): v is Attrs {
  if (!isAttrs(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || (v as { [OPAQUE]?: boolean })[OPAQUE] === true;
}

export function isFunction(v: unknown): v is (...args: any[]) => unknown {
  return typeof v === "function" && poisonOf(v) === undefined;
}

/** A package value: any object with a string `outPath` (Nix's convention). */
export function isPackage(v: unknown): boolean {
  // typeof "object" already excludes poison (see isAttrs).
  return typeof v === "object" && v !== null && typeof (v as { outPath?: unknown }).outPath === "string";
}

/** Nix's `typeOf`, for messages. */
export function typeOf(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "string";
  if (typeof v === "function") return "lambda";
  if (Array.isArray(v)) return "list";
  return "set";
}

/**
 * Deep structural equality as Nix's `==`, used by mergeEqualOption and to check that a re-run
 * module reproduced what was assumed of it. Functions compare by identity, then by source text:
 * a re-run creates fresh closures that are the same code.
 */
export function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 60) return false;
  const pa = poisonOf(a);
  const pb = poisonOf(b);
  if (pa || pb) return pa !== undefined && pb !== undefined;
  if (typeof a === "function" && typeof b === "function") return a.toString() === b.toString();
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i], depth + 1));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!deepEqual((a as Attrs)[k], (b as Attrs)[k], depth + 1)) return false;
  }
  return true;
}

/** Sets `value` at `path` in a fresh nested object (Nix `setAttrByPath`). */
export function setAttrByPath(path: readonly string[], value: unknown): unknown {
  let out = value;
  for (let i = path.length - 1; i >= 0; i--) out = { [path[i]!]: out };
  return out;
}
