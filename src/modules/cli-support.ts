/** Library side of `rebuild eval` / `rebuild options`: reading a value by path and printing it. */
import type { Evaluated } from "./eval-modules.ts";
import { NoValueError, RemovedOptionError, UnknownOptionError } from "./errors.ts";
import { didYouMean, showOption, suggestNames } from "./messages.ts";
import { prettyValue } from "./pretty.ts";
import { isAttrs } from "./values.ts";

/** Splits `a.b."c.d"` into parts (quoted parts may hold dots). */
export function parseOptionPath(text: string): string[] {
  const parts: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^.]+)/g;
  for (const m of text.matchAll(re)) parts.push(m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : m[2]!);
  return parts;
}

/** The config value at `path`; a missing name fails like an unknown option, with suggestions. */
export function configValueAt(evaluated: Evaluated, path: readonly string[]): unknown {
  let v: unknown = evaluated.config;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (!isAttrs(v) || !(key in v)) {
      const here = path.slice(0, i + 1);
      const candidates = isAttrs(v) ? Object.keys(v) : [];
      const suggestions = suggestNames(key, candidates).map((c) => showOption([...path.slice(0, i), c]));
      throw new UnknownOptionError(`The option \`${showOption(here)}' does not exist in this configuration.${didYouMean(suggestions)}`, {
        loc: here,
        suggestions,
      });
    }
    v = v[key];
  }
  return v;
}

/**
 * A config value as plain data, for printing a whole subtree: packages become their store paths
 * and functions a marker (Nix's `--json` does the same). Options that have no value, or were
 * removed (a stub that only says so), are left out instead of failing the print; any other error,
 * or one about another option, still fails it.
 */
export function plainValue(value: unknown, loc: readonly string[] = [], packages: "paths" | "as-is" = "paths"): unknown {
  return toPlain(value, loc, true, packages);
}

function toPlain(value: unknown, loc: readonly string[], root: boolean, packages: "paths" | "as-is"): unknown {
  if (typeof value === "function") return packages === "paths" ? "<function>" : value;
  if (typeof value === "bigint") return packages === "paths" ? value.toString() : value;
  if (Array.isArray(value)) return value.map((v, i) => toPlain(v, [...loc, String(i)], false, packages));
  if (!isAttrs(value)) return value;
  if (typeof value.outPath === "string" && !root) return packages === "paths" ? value.outPath : value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const here = [...loc, key];
    let v: unknown;
    try {
      v = value[key];
    } catch (error) {
      if ((error instanceof NoValueError || error instanceof RemovedOptionError) && sameLoc(error.loc, here)) continue;
      throw error;
    }
    out[key] = toPlain(v, here, false, packages);
  }
  return out;
}

function sameLoc(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** JSON of `plainValue`. */
export function toJson(value: unknown, loc: readonly string[] = []): string {
  return JSON.stringify(plainValue(value, loc), null, 2);
}

export function renderValue(value: unknown, json: boolean, loc: readonly string[] = []): string {
  return json ? toJson(value, loc) ?? "null" : prettyValue(plainValue(value, loc, "as-is"));
}
