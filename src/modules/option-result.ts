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
  /**
   * The kept outcome as two fields (the value or the error), not an Outcome record: every
   * computed option of every evaluation keeps one.
   */
  state: typeof OUTCOME_NONE | typeof OUTCOME_OK | typeof OUTCOME_FAILED = OUTCOME_NONE;
  outcomeValue: unknown;
  outcomeValidity: Validity | undefined;
  /** Undefined when final; else what the definitions relied on (a module still running). */
  validity: Validity | undefined;
  /**
   * What computing the value needs (the evaluation's `force`), held as fields rather than a
   * closure (one per option of every evaluation); dropped once a final outcome is kept, so the
   * merge state (type, definitions) does not live as long as the evaluation.
   */
  decl: OptionDecl | undefined;
  merged: Merged | undefined;

  constructor(
    readonly definitionsWithLocations: readonly FileValue[],
    readonly highestPrio: number,
    readonly isDefined: boolean,
    decl: OptionDecl,
    merged: Merged,
  ) {
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
