/**
 * The computed state of one option: its filtered definitions (cheap, no type merge) and a value
 * forced separately, so `isDefined` / `definitions` never run the merge or `apply`.
 */
import type { Validity } from "./engine.ts";
import type { FileValue } from "./messages.ts";

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class OptionResult {
  outcome: Outcome | undefined;
  outcomeValidity: Validity | undefined;
  /** Undefined when final; else what the definitions relied on (a module still running). */
  validity: Validity | undefined;
  /**
   * Computes the value; dropped once a final outcome is kept, so the merge state it holds (type,
   * definitions, closures) does not live as long as the evaluation.
   */
  force: (() => Outcome) | undefined;

  constructor(
    readonly definitionsWithLocations: readonly FileValue[],
    readonly highestPrio: number,
    readonly isDefined: boolean,
    force: () => Outcome,
  ) {
    this.force = force;
  }

  get definitions(): unknown[] {
    return this.definitionsWithLocations.map((d) => d.value);
  }
  get files(): string[] {
    return [...new Set(this.definitionsWithLocations.map((d) => d.file))];
  }
}
