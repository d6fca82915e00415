import { isAttrs } from "../../src/modules/values.ts";

interface OptionWithDefinitions {
  definitionsWithLocations?: readonly { file: string; value: unknown }[];
  files?: readonly string[];
}

/** Peels mkIf / mkMerge / mkOverride wrappers far enough to see the attribute names defined. */
function definedKeys(value: unknown): string[] {
  if (!isAttrs(value)) return [];
  const v = value as Record<string, unknown>;
  if (v._type === "merge" && Array.isArray(v.contents)) return v.contents.flatMap(definedKeys);
  if (v._type === "if" || v._type === "override" || v._type === "order") return definedKeys(v.content);
  return Object.keys(v);
}

/**
 * The files that define attribute `key` of an attrsOf option: what an error about one entry
 * (an invalid unit name, say) should point at, rather than every file touching the option.
 */
export function filesDefiningKey(option: unknown, key: string): string[] {
  const opt = option as OptionWithDefinitions | undefined;
  const defs = opt?.definitionsWithLocations ?? [];
  const files = defs.filter((d) => definedKeys(d.value).includes(key)).map((d) => d.file);
  return files.length > 0 ? [...new Set(files)] : [...(opt?.files ?? [])];
}
