/**
 * Late-bound functions that break import cycles: types need evaluation (submodules) and the option
 * tree needs `submoduleWith`; both are registered once by index.ts's imports.
 */
import type { OptionType } from "./types/core.ts";

export interface SubmoduleOpts {
  modules: readonly unknown[];
  specialArgs?: Record<string, unknown>;
  shorthandOnlyDefinesConfig?: boolean | null;
  description?: string | null;
  class?: string | null;
}

export const hooks = {
  submoduleWith: (_opts: SubmoduleOpts): OptionType => {
    throw new Error("submoduleWith is not registered yet");
  },
  evalModules: (_args: any): any => {
    throw new Error("evalModules is not registered yet");
  },
  /** Renders an evaluation's option tree as a TypeScript type (values or definitions). */
  tsOfOptions: (_evaluation: any, _mode: "value" | "def"): string => "any",
};
