/** The `lib` module argument: the helpers a module needs, as in nixpkgs `lib`. */
import { mkEnableOption, mkOption, mkPackageOption } from "./options.ts";
import * as props from "./properties.ts";
import { types } from "./types/index.ts";

export const lib = {
  ...props,
  mkOption,
  mkEnableOption,
  mkPackageOption,
  types,
};
