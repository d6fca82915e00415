/** String types: str, nonEmptyStr, singleLineStr, strMatching, separatedString and its kin, path. */
import { z } from "zod";
import { mergeEqualOption, mkOptionType, type OptionType } from "./core.ts";

const isStr = (v: unknown): v is string => typeof v === "string";
const strSchema = z.string();
const nonEmptySchema = z.string().regex(/\S/);

export const str: OptionType<string> = mkOptionType<string>({
  name: "str",
  description: "string",
  descriptionClass: "noun",
  // typeof settles it (z.string() accepts exactly the primitive strings) without a zod parse per value.
  check: (v) => typeof v === "string" || strSchema.safeParse(v).success,
  merge: (loc, defs) => mergeEqualOption(loc, defs) as string,
  mergesOneAsIs: true,
  tsType: "string",
});

export const nonEmptyStr: OptionType<string> = mkOptionType<string>({
  name: "str",
  description: "non-empty string",
  descriptionClass: "noun",
  check: (v) => nonEmptySchema.safeParse(v).success,
  merge: (loc, defs) => mergeEqualOption(loc, defs) as string,
  typeMerge: (_self, other) => (other.name === "str" ? str : undefined),
  mergesOneAsIs: true,
  tsType: "string",
});

export const singleLineStr: OptionType<string> = mkOptionType<string>({
  name: "singleLineStr",
  description: "(optionally newline-terminated) single-line string",
  descriptionClass: "noun",
  check: (v) => isStr(v) && /^[^\n\r]*\n?$/.test(v),
  merge: (loc, defs) => (mergeEqualOption(loc, defs) as string).replace(/\n$/, ""),
  tsType: "string",
});

export function strMatching(pattern: string | RegExp): OptionType<string> {
  const source = typeof pattern === "string" ? pattern : pattern.source;
  const whole = new RegExp(`^(?:${source})$`, typeof pattern === "string" ? "" : pattern.flags.replace("g", ""));
  return mkOptionType<string>({
    name: `strMatching ${JSON.stringify(source)}`,
    description: `string matching the pattern ${source}`,
    descriptionClass: "noun",
    check: (v) => isStr(v) && whole.test(v),
    merge: (loc, defs) => mergeEqualOption(loc, defs) as string,
    mergesOneAsIs: true,
    tsType: "string",
  });
}

export function separatedString(sep: string): OptionType<string> {
  return mkOptionType<string>({
    name: `separatedString ${JSON.stringify(sep)}`,
    description: `strings concatenated with ${JSON.stringify(sep)}`,
    descriptionClass: "noun",
    check: isStr,
    merge: (_loc, defs) => defs.map((d) => d.value as string).join(sep),
    mergesOneAsIs: true,
    tsType: "string",
  });
}

export const lines: OptionType<string> = separatedString("\n");
export const commas: OptionType<string> = separatedString(",");
export const envVar: OptionType<string> = separatedString(":");

/** Paths are strings in Keel; `path` means an absolute one, as nixpkgs' `types.path` does now. */
export const path: OptionType<string> = mkOptionType<string>({
  name: "path",
  description: "absolute path",
  descriptionClass: "noun",
  check: (v) =>
    (isStr(v) && v.startsWith("/")) ||
    (typeof v === "object" && v !== null && typeof (v as { outPath?: unknown }).outPath === "string"),
  merge: (loc, defs) => {
    const v = mergeEqualOption(loc, defs);
    return typeof v === "string" ? v : String((v as { outPath: string }).outPath);
  },
  tsType: "string",
  tsDefType: () => "Def<string | Package>",
});
