/** bool, int and the ints.* family, float. Leaf checks are zod schemas. */
import { z } from "zod";
import { mergeEqualOption, mkOptionType, type OptionType } from "./core.ts";

/**
 * `fast` accepts a subset of what `schema` accepts (checked in types.test.ts), so the zod parse,
 * which allocates a result per call, runs only for values the fast test does not settle: leaf
 * checks run once per definition, thousands of times in a large configuration.
 */
function zodCheck(schema: z.ZodType, fast: (v: unknown) => boolean): (v: unknown) => boolean {
  return (v) => fast(v) || schema.safeParse(v).success;
}

const isBool = (v: unknown): boolean => typeof v === "boolean";

export const bool: OptionType<boolean> = mkOptionType<boolean>({
  name: "bool",
  description: "boolean",
  descriptionClass: "noun",
  check: zodCheck(z.boolean(), isBool),
  merge: (loc, defs) => mergeEqualOption(loc, defs) as boolean,
  mergesOneAsIs: true,
  tsType: "boolean",
});

export const boolByOr: OptionType<boolean> = mkOptionType<boolean>({
  name: "boolByOr",
  description: "boolean (merged using or)",
  descriptionClass: "noun",
  check: zodCheck(z.boolean(), isBool),
  merge: (_loc, defs) => defs.some((d) => d.value === true),
  mergesOneAsIs: true,
  tsType: "boolean",
});

/** Keel ints are JS safe integers (Nix's are 64-bit; beyond 2^53 JS numbers lose precision). */
const intSchema = z.number().int();

export const int: OptionType<number> = mkOptionType<number>({
  name: "int",
  description: "signed integer",
  descriptionClass: "noun",
  check: zodCheck(intSchema, Number.isSafeInteger),
  merge: (loc, defs) => mergeEqualOption(loc, defs) as number,
  mergesOneAsIs: true,
  tsType: "number",
});

/**
 * Range-restricted ints keep `int`'s name, so two declarations merge to plain `int` as in
 * nixpkgs (the quirk is documented in the reference §5.4).
 */
function intRange(lo: number, hi: number, description: string, clause = false): OptionType<number> {
  return mkOptionType<number>({
    name: "int",
    description,
    // Only the ", meaning ..." phrasings read as a clause (nixpkgs: unsigned, positive).
    descriptionClass: clause ? "nonRestrictiveClause" : "noun",
    check: zodCheck(intSchema.min(lo).max(hi), (v) => Number.isSafeInteger(v) && (v as number) >= lo && (v as number) <= hi),
    merge: (loc, defs) => mergeEqualOption(loc, defs) as number,
    mergesOneAsIs: true,
    typeMerge: (_self, other) => (other.name === "int" ? int : undefined),
    tsType: "number",
  });
}

function between(lo: number, hi: number): OptionType<number> {
  return intRange(lo, hi, `integer between ${lo} and ${hi} (both inclusive)`);
}

function sized(bits: number, signed: boolean): OptionType<number> {
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return intRange(lo, hi, `${bits} bit ${signed ? "signed" : "unsigned"} integer; between ${lo} and ${hi} (both inclusive)`);
}

export const ints = {
  between,
  unsigned: intRange(0, Number.MAX_SAFE_INTEGER, "unsigned integer, meaning >=0", true),
  positive: intRange(1, Number.MAX_SAFE_INTEGER, "positive integer, meaning >0", true),
  u8: sized(8, false),
  u16: sized(16, false),
  u32: sized(32, false),
  s8: sized(8, true),
  s16: sized(16, true),
  s32: sized(32, true),
};

export const port: OptionType<number> = ints.u16;

/**
 * JS cannot tell `1.0` from `1`, so `float` accepts any finite number (Nix's `float` rejects
 * ints); `number` stays `either int float` for its description.
 */
export const float: OptionType<number> = mkOptionType<number>({
  name: "float",
  description: "floating point number",
  descriptionClass: "noun",
  check: zodCheck(z.number().finite(), Number.isFinite),
  merge: (loc, defs) => mergeEqualOption(loc, defs) as number,
  mergesOneAsIs: true,
  tsType: "number",
});
