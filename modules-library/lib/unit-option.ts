import { mergeEqualOption, mkOptionType } from "../../src/modules/types/core.ts";

type Atom = string | number | boolean;
export type UnitOptionValue = Atom | Atom[];

function isAtom(v: unknown): boolean {
  return (
    typeof v === "string" ||
    typeof v === "number" ||
    typeof v === "boolean" ||
    (typeof v === "object" && v !== null && typeof (v as { outPath?: unknown }).outPath === "string")
  );
}

function plain(v: unknown): Atom {
  return typeof v === "object" ? String(v) : (v as Atom);
}

/**
 * A value in a unit section (nixpkgs' `unitOption`): a single value must be defined once (or the
 * same everywhere), while lists from several modules are concatenated, because systemd reads a
 * repeated key (ExecStartPre=, Environment=) as one more item.
 */
export const unitOption = mkOptionType<UnitOptionValue>({
  name: "systemd option",
  description: "systemd option",
  descriptionClass: "noun",
  check: (v) => isAtom(v) || (Array.isArray(v) && v.every(isAtom)),
  merge(loc, defs) {
    if (defs.some((d) => Array.isArray(d.value))) {
      return defs.flatMap((d) => (Array.isArray(d.value) ? d.value : [d.value])).map(plain);
    }
    return plain(mergeEqualOption(loc, defs.map((d) => ({ file: d.file, value: plain(d.value) }))));
  },
  tsType: "string | number | boolean | { readonly outPath: string } | readonly (string | number | boolean | { readonly outPath: string })[]",
});
