/**
 * One module's output, produced on demand. A function module is called once for its structure
 * (reads of its own evaluation's config give poison), then re-run with live reads when one of
 * its definitions is needed. While it runs, a read needing its own definitions uses its previous
 * output and records an assumption; the run repeats until its output confirms every assumption.
 */
import { type Dependent, engine, type Frame, isSettled, reuse, settleFrame, type Validity, validityFor } from "./engine.ts";
import { InfiniteRecursionError } from "./errors.ts";
import { msg } from "./messages.ts";
import { findPoison, poisonCount } from "./poison.ts";
import { deepEqual } from "./values.ts";

export interface RunOutput {
  readonly options: unknown;
  readonly config: unknown;
}

export interface Unmatched {
  readonly prefix: readonly string[];
  readonly value: unknown;
}

export interface DefIndex {
  readonly defs: Map<object, unknown[]>;
  readonly unmatched: Unmatched[];
}

/** What splits a run's output over the option tree (its evaluation: an object, not a closure per run). */
export interface Indexer {
  index(out: RunOutput, run: ModuleRun): DefIndex;
}

export type RunStatus = "static" | "pending" | "running" | "tentative" | "committed";

const MAX_RERUNS = 12;

/** The index of a run not indexed yet (replaced by setIndexer, never mutated). */
const EMPTY_INDEX: DefIndex = { defs: new Map(), unmatched: [] };

export class ModuleRun implements Dependent {
  // `declare`d fields assigned once in the constructor: ES2022 fields and parameter properties
  // are first defined as undefined, then assigned, and every submodule value makes four runs.
  declare readonly file: string;
  declare readonly key: string;
  declare private produce: ((structure: boolean) => RunOutput) | undefined;
  declare status: RunStatus;
  declare output: RunOutput;
  declare index: DefIndex;
  declare indexer: Indexer | undefined;
  declare private frame: Frame | undefined;
  declare private validity: Validity | undefined;
  /** The structure pass's index, for runs that can re-run (compared in checkStructure). */
  declare private structureIndex: DefIndex | undefined;
  /**
   * Length of the evaluation's prefix, to name defined options relative to it in structure
   * comparison messages (a field, not a per-run closure: submodule values make thousands of runs).
   */
  declare prefixLength: number;
  declare private filesCache: readonly string[] | undefined;

  constructor(file: string, key: string, produce: ((structure: boolean) => RunOutput) | undefined, staticOutput: RunOutput) {
    this.file = file;
    this.key = key;
    this.produce = produce;
    this.status = produce ? "pending" : "static";
    this.output = staticOutput;
    this.index = EMPTY_INDEX;
    this.indexer = undefined;
    this.frame = undefined;
    this.validity = undefined;
    this.structureIndex = undefined;
    this.prefixLength = 0;
    this.filesCache = undefined;
  }

  /** `[file]`, frozen: the `declarations` of every option this module alone declares. */
  get files(): readonly string[] {
    return (this.filesCache ??= Object.freeze([this.file]));
  }

  /** The structure pass: called while loading, before any option exists. */
  structurePass(): RunOutput {
    if (!this.produce) return this.output;
    const before = poisonCount();
    const r = this.inFrame(() => this.produce!(true));
    this.output = r.value;
    this.status = r.final && poisonCount() === before && findPoison(this.output.config) === undefined ? "static" : "pending";
    // A static run never runs again: let its closure (and the module arguments it holds) go.
    if (this.status === "static") this.produce = undefined;
    return this.output;
  }

  /** Indexes the structure-pass output against the option tree. */
  setIndexer(indexer: Indexer): void {
    this.indexer = indexer;
    this.index = indexer.index(this.output, this);
    // Only a run that can re-run is compared with its structure; static runs (most) skip the keys.
    if (this.status !== "static") this.structureIndex = this.index;
  }

  /** This module's definitions of one option, running the module if its output is not final. */
  defsFor(node: object, loc: readonly string[]): readonly unknown[] {
    if (this.status === "running") {
      const defs = this.index.defs.get(node) ?? [];
      this.frame!.assumptions.push({ key: node, loc, defs });
      engine.minDep = Math.min(engine.minDep, this.frame!.depth);
      return defs;
    }
    this.ensureCurrent();
    return this.index.defs.get(node) ?? [];
  }

  ensureCurrent(): void {
    if (this.status === "tentative" && reuse(this.validity)) return;
    if (this.status === "pending" || this.status === "tentative") this.rerun();
  }

  /**
   * The frame this tentative run relied on has settled: its output is confirmed, so the run is
   * final without running again (a cycle of modules then runs each once more, not twice).
   */
  settle(): void {
    if (this.status !== "tentative" || !this.validity || !isSettled(this.validity)) return;
    try {
      this.checkStructure();
    } catch (e) {
      // Run again when next needed: that final run repeats the check and reports it there.
      this.status = "pending";
      throw e;
    }
    this.status = "committed";
    this.validity = undefined;
    this.structureIndex = undefined;
  }

  private rerun(): void {
    const previous = this.status;
    this.status = "running";
    let final = false;
    let dep: number | undefined;
    let runFrame: Frame | undefined;
    try {
      const r = this.inFrame((frame) => {
        runFrame = frame;
        for (let i = 0; ; i++) {
          frame.assumptions = [];
          frame.iteration = i;
          const out = this.produce!(false);
          const index = this.indexer!.index(out, this);
          const failed = frame.assumptions.find((a) => !defsEqual(a.defs, index.defs.get(a.key) ?? []));
          this.output = out;
          this.index = index;
          if (!failed) return;
          if (i >= MAX_RERUNS) {
            throw new InfiniteRecursionError(msg.noConvergence(this.file, failed.loc), [failed.loc], { files: [this.file] });
          }
        }
      });
      final = r.final;
      dep = r.dep;
    } catch (e) {
      this.status = previous;
      throw e;
    }
    this.status = final ? "committed" : "tentative";
    this.validity = final || dep === undefined ? undefined : validityFor(dep);
    if (final) {
      try {
        this.checkStructure();
      } catch (e) {
        this.status = previous;
        throw e;
      }
      // Committed: never checked again, so the structure pass's output (poisons and all) can go.
      this.structureIndex = undefined;
    } else if (this.validity) {
      const outer = this.validity.frame;
      if (outer.dependents) outer.dependents.push(this);
      else outer.dependents = [this];
    }
    settleFrame(runFrame!, this.validity);
  }

  /** Runs `f` as a frame on the engine stack with soft reads; `final` = relied on no outer frame. */
  private inFrame<T>(f: (frame: Frame) => T): { value: T; final: boolean; dep: number } {
    const saved = engine.minDep;
    const savedSoft = engine.soft;
    const frame: Frame = { depth: engine.frames.length, assumptions: [], iteration: 0 };
    this.frame = frame;
    engine.frames.push(frame);
    engine.minDep = Number.POSITIVE_INFINITY;
    engine.soft = true;
    let dep = Number.POSITIVE_INFINITY;
    try {
      const value = f(frame);
      dep = engine.minDep >= frame.depth ? Number.POSITIVE_INFINITY : engine.minDep;
      return { value, final: dep === Number.POSITIVE_INFINITY, dep };
    } catch (e) {
      dep = engine.minDep >= frame.depth ? Number.POSITIVE_INFINITY : engine.minDep;
      throw e;
    } finally {
      engine.frames.pop();
      engine.soft = savedSoft;
      engine.minDep = Math.min(saved, dep);
      this.frame = undefined;
    }
  }

  private keysOf(index: DefIndex): Set<string> {
    const keys = new Set<string>();
    for (const node of index.defs.keys()) {
      const loc = (node as { kind?: string; loc?: readonly string[] }).kind === "option" ? (node as { loc: readonly string[] }).loc : undefined;
      if (loc !== undefined) keys.add(loc.slice(this.prefixLength).join("."));
    }
    for (const u of index.unmatched) keys.add(u.prefix.join("."));
    return keys;
  }

  /** Nix would recurse if the set of defined options depended on option values; so do we. */
  private checkStructure(): void {
    if (!this.structureIndex || sameStructure(this.structureIndex, this.index)) return;
    const before = this.keysOf(this.structureIndex);
    const now = this.keysOf(this.index);
    const added = [...now].filter((k) => !before.has(k));
    const removed = [...before].filter((k) => !now.has(k));
    if (added.length === 0 && removed.length === 0) return;
    throw new InfiniteRecursionError(msg.structureDependsOnConfig(this.file, added, removed), [], { files: [this.file] });
  }
}

/**
 * Cheap sufficient test that two indexes define the same options (the same nodes, the same
 * unmatched paths in the same order); when it fails, checkStructure compares option paths.
 */
function sameStructure(a: DefIndex, b: DefIndex): boolean {
  if (a.defs.size !== b.defs.size || a.unmatched.length !== b.unmatched.length) return false;
  for (const node of a.defs.keys()) if (!b.defs.has(node)) return false;
  for (let i = 0; i < a.unmatched.length; i++) {
    const p = a.unmatched[i]!.prefix;
    const q = b.unmatched[i]!.prefix;
    if (p.length !== q.length || p.some((x, j) => x !== q[j])) return false;
  }
  return true;
}

function defsEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
}
