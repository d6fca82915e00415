/** The `types` namespace, as in nixpkgs `lib.types`. */
import { hooks } from "../hooks.ts";
import {
  addCheck,
  attrsOf,
  coercedTo,
  either,
  functionTo,
  lazyAttrsOf,
  listOf,
  nonEmptyListOf,
  nullOr,
  oneOf,
  uniq,
  unique,
} from "./containers.ts";
import { isOptionType, mkOptionType } from "./core.ts";
import { anything, attrs, enumType, optionType, pkg, raw, unspecified } from "./misc.ts";
import { bool, boolByOr, float, int, ints, port } from "./numbers.ts";
import { commas, envVar, lines, nonEmptyStr, path, separatedString, singleLineStr, str, strMatching } from "./strings.ts";
import { deferredModule, submodule, submoduleWith } from "./submodule.ts";

hooks.submoduleWith = submoduleWith;

const number = either(int, float);

/** JSON values: null, bool, number, string, lists and attribute sets of JSON values. */
const json = (() => {
  const self: any = mkOptionType({ name: "json", description: "JSON value", descriptionClass: "noun" });
  const inner = nullOr(oneOf<any>([bool, int, float, str, listOf(self), attrsOf(self)]));
  return Object.assign(self, {
    check: inner.check,
    merge: inner.merge,
    mergeChecked: inner.mergeChecked,
    tsType: () => "JsonValue",
    tsDefType: () => "Def<JsonValue>",
  });
})();

export const types = {
  bool,
  boolByOr,
  int,
  ints,
  port,
  float,
  number,
  str,
  nonEmptyStr,
  singleLineStr,
  strMatching,
  separatedString,
  lines,
  commas,
  envVar,
  path,
  package: pkg,
  enum: enumType,
  listOf,
  nonEmptyListOf,
  attrsOf,
  lazyAttrsOf,
  nullOr,
  either,
  oneOf,
  submodule,
  submoduleWith,
  functionTo,
  uniq,
  unique,
  anything,
  raw,
  attrs,
  coercedTo,
  unspecified,
  deferredModule,
  optionType,
  addCheck,
  json,
  mkOptionType,
  isType: isOptionType,
};

export type { Def, OptionType } from "./core.ts";
