/** Library side of `rebuild eval` / `rebuild options`: reading a value by path and printing it. */
import type { Evaluated } from "./eval-modules.ts";
import { UnknownOptionError } from "./errors.ts";
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

/** JSON with packages as their store paths and functions as a marker (Nix's `--json` does the same). */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === "function") return "<function>";
      if (isAttrs(v) && typeof v.outPath === "string" && _k !== "") return v.outPath;
      if (typeof v === "bigint") return v.toString();
      return v;
    },
    2,
  );
}

export function renderValue(value: unknown, json: boolean): string {
  return json ? toJson(value) ?? "null" : prettyValue(value);
}
