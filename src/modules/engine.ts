import { makePoison } from "./poison.ts";

/**
 * Global state of demand-driven evaluation (see README.md "Laziness"): the stack of module runs in
 * progress, the options being computed (for cycle chains), whether reads are soft (inside module
 * code: failures become poison) and the shallowest in-progress run a computation relied on.
 */
export interface Assumption {
  readonly key: object;
  readonly loc: readonly string[];
  readonly defs: readonly unknown[];
}

export interface Frame {
  readonly depth: number;
  assumptions: Assumption[];
  /** Bumped each time the frame's module re-runs: results relying on an older run are stale. */
  iteration: number;
  /**
   * Set when the frame's run has finished and its output confirmed every assumption made in
   * `iteration`: results of that iteration relied only on that output, so they stay valid after
   * the frame leaves the stack, for as long as `outer` (what the run itself relied on) does.
   */
  settled?: { readonly iteration: number; readonly outer: Validity | undefined };
  /** Tentative runs relying on this frame: their deferred checks run when it settles. */
  dependents?: Dependent[];
}

export interface Dependent {
  /** Called when the frame the run relied on has settled, possibly on a frame further out. */
  settle(): void;
}

/**
 * A result that relied on the unverified output of the frame at `depth` stays usable while that
 * frame is on the stack at the same iteration (so siblings share it instead of recomputing).
 */
export interface Validity {
  readonly frame: Frame;
  readonly depth: number;
  readonly iteration: number;
}

export function validityFor(dep: number): Validity | undefined {
  const frame = engine.frames[dep];
  return frame ? { frame, depth: dep, iteration: frame.iteration } : undefined;
}

/**
 * True if `v` still holds; then the caller inherits the dependency on the frame it leads to (none
 * when every frame on the way has settled: the result is final).
 */
export function reuse(v: Validity | undefined): boolean {
  for (let at = v; at; ) {
    const frame = at.frame;
    if (engine.frames[at.depth] === frame) {
      if (frame.iteration !== at.iteration) return false;
      engine.minDep = Math.min(engine.minDep, at.depth);
      return true;
    }
    const settled = frame.settled;
    if (!settled || settled.iteration !== at.iteration) return false;
    if (!settled.outer) return true;
    at = settled.outer;
  }
  return false;
}

/** True if `v` holds with every frame on its way settled (nothing still running it relies on). */
export function isSettled(v: Validity): boolean {
  for (let at: Validity | undefined = v; at; ) {
    const settled: Frame["settled"] = at.frame.settled;
    if (engine.frames[at.depth] === at.frame || !settled || settled.iteration !== at.iteration) return false;
    at = settled.outer;
  }
  return true;
}

/**
 * Marks `frame`'s last iteration as confirmed, relying on `outer` (undefined: on nothing), and
 * passes its dependents on: settled now, or waiting on the frame `outer` leads to.
 */
export function settleFrame(frame: Frame, outer: Validity | undefined): void {
  frame.settled = { iteration: frame.iteration, outer };
  const dependents = frame.dependents;
  if (!dependents) return;
  frame.dependents = undefined;
  if (outer) {
    const next = outer.frame;
    if (next.dependents) next.dependents.push(...dependents);
    else next.dependents = dependents;
    return;
  }
  for (let i = 0; i < dependents.length; i++) dependents[i]!.settle();
}

/**
 * The options being computed, innermost last: parallel arrays and a length of its own, because
 * this is pushed and popped for every option of every submodule value, and an array of entry
 * records popped to empty is shrunk by V8 and grown again on the next push.
 */
export class OptionStack {
  length = 0;
  private readonly keys: (object | undefined)[] = [];
  private readonly locs: (readonly string[] | undefined)[] = [];
  /** How many module runs were on the frame stack when the entry was pushed. */
  private readonly frameCounts: number[] = [];

  push(key: object, loc: readonly string[], frames: number): void {
    const i = this.length++;
    this.keys[i] = key;
    this.locs[i] = loc;
    this.frameCounts[i] = frames;
  }
  pop(): void {
    const i = --this.length;
    // Drop the references (the slots stay), so a finished evaluation is not kept alive.
    this.keys[i] = undefined;
    this.locs[i] = undefined;
  }
  keyAt(i: number): object | undefined {
    return this.keys[i];
  }
  locAt(i: number): readonly string[] {
    return this.locs[i]!;
  }
  framesAt(i: number): number {
    return this.frameCounts[i]!;
  }
}

export const engine = {
  frames: [] as Frame[],
  optionStack: new OptionStack(),
  /** True while module code runs: a failed read returns a poison instead of throwing. */
  soft: false,
  /**
   * Depth of the shallowest frame still on the stack whose unverified output the current
   * computation used; Infinity = none, so the result is final and may be cached.
   */
  minDep: Number.POSITIVE_INFINITY,
};

/**
 * Runs `compute` as one memoisable step: returns the value and whether it is final (it used no
 * unverified output of a module still running), propagating the dependency to the caller.
 */
export function tracked<T>(compute: () => T): { value: T; final: boolean; validity: Validity | undefined } {
  const saved = engine.minDep;
  const savedSoft = engine.soft;
  engine.minDep = Number.POSITIVE_INFINITY;
  engine.soft = false;
  try {
    const value = compute();
    const final = engine.minDep === Number.POSITIVE_INFINITY;
    return { value, final, validity: final ? undefined : validityFor(engine.minDep) };
  } finally {
    engine.soft = savedSoft;
    engine.minDep = Math.min(saved, engine.minDep);
  }
}

export function chainFrom(entry: number, last: readonly string[]): (readonly string[])[] {
  const chain: (readonly string[])[] = [];
  const stack = engine.optionStack;
  const locs: (readonly string[])[] = [];
  for (let i = entry; i < stack.length; i++) locs.push(stack.locAt(i));
  locs.push(last);
  for (const loc of locs) {
    // An option's definitions and its value are two stack entries: show the path once.
    if (chain.length === 0 || chain[chain.length - 1]!.join("\0") !== loc.join("\0")) chain.push(loc);
  }
  if (chain.length === 1) chain.push(last);
  return chain;
}

/**
 * A read issued from module code (soft mode) never throws: the failure becomes a poison that
 * remembers how to repeat the read. Elsewhere the read throws as usual.
 */
export function guardedRead<T>(loc: readonly string[], read: () => T): T {
  if (!engine.soft) return read();
  engine.soft = false;
  try {
    return read();
  } catch (error) {
    return makePoison({ kind: "read", path: loc, error, reread: read });
  } finally {
    engine.soft = true;
  }
}
