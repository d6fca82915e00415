/**
 * The computed state of one option: its filtered definitions (cheap, no type merge) and a value
 * forced separately, so `isDefined` / `definitions` never run the merge or `apply`.
 */
import type { Validity } from "./engine.ts";
import type { Merged } from "./merge-definitions.ts";
import type { FileValue } from "./messages.ts";
import type { OptionDecl } from "./options.ts";

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** OptionResult.state: no outcome kept yet, a value, an error. */
export const OUTCOME_NONE = 0;
export const OUTCOME_OK = 1;
export const OUTCOME_FAILED = 2;

export class OptionResult {
  // `declare`d fields, each assigned once in the constructor: an ES2022 field (or a parameter
  // property) is first defined as undefined, then assigned, and every computed option of every
  // evaluation makes one of these (README.md "Performance").
  declare readonly definitionsWithLocations: readonly FileValue[];
  declare readonly highestPrio: number;
  declare readonly isDefined: boolean;
  /**
   * The kept outcome as two fields (the value or the error), not an Outcome record: every
   * computed option of every evaluation keeps one.
   */
  declare state: typeof OUTCOME_NONE | typeof OUTCOME_OK | typeof OUTCOME_FAILED;
  declare outcomeValue: unknown;
  declare outcomeValidity: Validity | undefined;
  /** Undefined when final; else what the definitions relied on (a module still running). */
  declare validity: Validity | undefined;
  /**
   * What computing the value needs (the evaluation's `force`), held as fields rather than a
   * closure (one per option of every evaluation); dropped once a final outcome is kept, so the
   * merge state (type, definitions) does not live as long as the evaluation.
   */
  declare decl: OptionDecl | undefined;
  declare merged: Merged | undefined;

  constructor(definitionsWithLocations: readonly FileValue[], highestPrio: number, isDefined: boolean, decl: OptionDecl, merged: Merged) {
    this.definitionsWithLocations = definitionsWithLocations;
    this.highestPrio = highestPrio;
    this.isDefined = isDefined;
    this.state = OUTCOME_NONE;
    this.outcomeValue = undefined;
    this.outcomeValidity = undefined;
    this.validity = undefined;
    this.decl = decl;
    this.merged = merged;
  }

  dropMerge(): void {
    this.decl = undefined;
    this.merged = undefined;
  }

  get definitions(): unknown[] {
    return this.definitionsWithLocations.map((d) => d.value);
  }
  get files(): string[] {
    return [...new Set(this.definitionsWithLocations.map((d) => d.file))];
  }
}
