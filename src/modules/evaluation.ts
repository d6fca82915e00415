/**
 * One evaluation (evalModules or a submodule): loads modules, builds the option tree, indexes
 * definitions, and computes option values on demand, memoised per option (README.md "Laziness").
 */
import { collectModules, type LoadContext } from "./collect.ts";
import { FREEFORM, indexDefinitions, registerDefiners } from "./def-index.ts";
import { chainFrom, engine, guardedRead, reuse, tracked, validityFor } from "./engine.ts";
import { InfiniteRecursionError, InvalidModuleError, ModuleError, NotReadyError, ReadOnlyError, UnknownOptionError } from "./errors.ts";
import { checkAndMerge, filterDefinitions, filterWithDefault, type Merged, mergeFiltered } from "./merge-definitions.ts";
import { msg, showOption, suggestNames, type FileValue } from "./messages.ts";
import type { DefIndex, ModuleRun, RunOutput } from "./module-run.ts";
import { LazyModuleNamespace } from "./module-namespace.ts";
import { buildOptionTree, buildOptionTreeWith, findNode, type NamespaceNode, type OptionNode } from "./option-tree.ts";
import { OUTCOME_FAILED, OUTCOME_NONE, OUTCOME_OK, OptionResult, type Outcome } from "./option-result.ts";
import type { OptionDecl } from "./options.ts";
import { findPoison, makePoison, type PoisonInfo } from "./poison.ts";
import { mkOptionDefault } from "./properties.ts";
import type { Def, OptionType } from "./types/core.ts";
import { internalModule, isInternalDeclarations } from "./internal-module.ts";
import { configView, optionsView } from "./views.ts";
import { isAttrs, type Attrs } from "./values.ts";

export interface EvaluationArgs {
  readonly modules: readonly unknown[];
  readonly specialArgs?: Record<string, unknown>;
  readonly prefix?: readonly string[];
  readonly class?: string;
  /** Submodules: the `name` argument (last element of the option path). */
  readonly name?: string;
  readonly lib?: unknown;
  /** The evalModules result this evaluation backs: the `extendModules` and `moduleType` arguments. */
  readonly owner?: EvaluationOwner;
}

export interface EvaluationOwner {
  readonly extendModules: (args?: any) => unknown;
  readonly type: OptionType;
}

/** What fixedArg returns for a name that is not a fixed argument. */
export const NOT_FIXED: unique symbol = Symbol("not a fixed argument");

export class Evaluation implements LoadContext {
  readonly prefix: readonly string[];
  readonly specialArgs: Record<string, unknown>;
  readonly runs: readonly ModuleRun[];
  readonly root: NamespaceNode;
  /** Where `disabledModules` strings are relative to (LoadContext). */
  readonly modulesPath: string;
  private freeformCache: { value: unknown } | undefined;
  private unmatchedChecked = false;
  // Views made on first use; fields, not a Map: every submodule value is an evaluation.
  private configViewCache: object | undefined;
  private configWithModuleCache: object | undefined;
  private optionsViewCache: object | undefined;

  constructor(readonly args: EvaluationArgs) {
    this.prefix = args.prefix ?? [];
    this.specialArgs = args.specialArgs ?? {};
    this.modulesPath = typeof this.specialArgs.modulesPath === "string" ? this.specialArgs.modulesPath : "";
    const loaded = collectModules(this, args.modules, args.class, internalModule(this.prefix, this.specialArgs, args.name));
    // Indexed loops, not map/filter with a callback: every submodule value makes an evaluation.
    const runs: ModuleRun[] = new Array(loaded.length);
    for (let i = 0; i < loaded.length; i++) runs[i] = loaded[i]!.run;
    this.runs = runs;
    const internal = lazyInternalRun(runs);
    if (internal) {
      const lazy = new LazyModuleNamespace(this.prefix.concat("_module"), internal, this);
      this.root = buildOptionTreeWith(this.prefix, runsWithout(runs, internal), "_module", lazy);
      this.lazyModule = lazy;
    } else this.root = buildOptionTree(this.prefix, this.runs);
    for (let i = 0; i < this.runs.length; i++) {
      const run = this.runs[i]!;
      run.prefixLength = this.prefix.length;
      // The internal module is indexed when its `_module` subtree is built (subtreeBuilt).
      if (run === internal && !this.lazyModule!.isBuilt) {
        this.internalDeferred = true;
        continue;
      }
      run.setIndexer(this);
      registerDefiners(run, run.index);
    }
    this.loading = false;
  }

  /** `_module`, when only the internal module declares it (built on first look). */
  private lazyModule: LazyModuleNamespace | undefined;
  /** The internal module's turn in the definers' order has passed without its subtree. */
  private internalDeferred = false;

  /**
   * The `_module` subtree now exists. Its definers are in merge order still: a module before the
   * internal one that defines `_module.*` built it before the internal module's turn, and one after
   * it registers only once this returns.
   */
  subtreeBuilt(run: ModuleRun): void {
    if (!this.internalDeferred) return;
    this.internalDeferred = false;
    run.setIndexer(this);
    registerDefiners(run, run.index);
  }

  /** Splits a run's output over this evaluation's option tree (ModuleRun calls it on each run). */
  index(out: RunOutput, run: ModuleRun): DefIndex {
    return indexDefinitions(this.root, out, run);
  }

  /**
   * True while modules are loaded (structure passes). An argument object made then keeps working
   * afterwards: a module that reads `config` only later (in a getter, say) gets live values.
   */
  private loading = true;

  /** The argument object of module functions; `structure` = before any option value exists (LoadContext). */
  moduleArgs(structure: boolean, key: string): object {
    return new Proxy({}, new ModuleArgsHandler(this, structure, key));
  }

  /** True while modules are loaded: ModuleArgsHandler gives poison for structure-pass reads then. */
  isLoading(): boolean {
    return this.loading;
  }

  /** The arguments every module function gets besides config, options and `_module.args`. */
  fixedArgs(): Attrs {
    if (this.fixedArgsCache) return this.fixedArgsCache;
    const fixed: Attrs = {
      lib: this.args.lib,
      specialArgs: this.specialArgs,
      _class: this.args.class ?? null,
      _prefix: this.prefix,
      ...this.specialArgs,
    };
    if (this.args.name !== undefined) fixed.name = this.args.name;
    if (this.args.owner) fixed.extendModules = this.args.owner.extendModules;
    this.fixedArgsCache = fixed;
    return fixed;
  }
  private fixedArgsCache: Attrs | undefined;

  /**
   * `fixedArgs()[k]` without building the object (most module calls read one or two arguments,
   * and every submodule value calls its modules): the same precedence, or NOT_FIXED.
   */
  fixedArg(k: string): unknown {
    if (k === "name" && this.args.name !== undefined) return this.args.name;
    if (k === "extendModules" && this.args.owner) return this.args.owner.extendModules;
    if (Object.hasOwn(this.specialArgs, k)) return this.specialArgs[k];
    switch (k) {
      case "lib":
        return this.args.lib;
      case "specialArgs":
        return this.specialArgs;
      case "_class":
        return this.args.class ?? null;
      case "_prefix":
        return this.prefix;
      default:
        return NOT_FIXED;
    }
  }

  /** A module argument that is not built in: looked up in `_module.args`. */
  moduleArg(name: string, key: string): unknown {
    const loc = [...this.prefix, "_module", "args", name];
    return guardedRead(loc, () => {
      const args = this.valueAt(["_module", "args"]) as Attrs;
      if (!Object.hasOwn(args, name)) {
        throw new InvalidModuleError(
          `The module argument \`${name}' of module \`${key}' is not provided: it is neither a built-in argument nor in specialArgs, and \`_module.args.${name}' is not defined.`,
        );
      }
      return args[name];
    });
  }

  /** The value of the option at `path` (relative to this evaluation), read hard. */
  valueAt(path: readonly string[]): unknown {
    const node = findNode(this.root, path);
    if (node?.kind !== "option") throw new Error(`internal: no option ${path.join(".")}`);
    return this.valueOf(node);
  }

  /** Reads an option from a view: soft (poison on failure) inside module code. */
  read(node: OptionNode): unknown {
    // Fast path: a final, successful value needs neither the guard nor its closure.
    const r = node.result;
    if (r && r.validity === undefined && r.state === OUTCOME_OK && r.outcomeValidity === undefined) return r.outcomeValue;
    // Outside module code a read is hard (what guardedRead would do, without its closure).
    if (!engine.soft) return this.valueOf(node);
    return guardedRead(node.loc, () => this.valueOf(node));
  }

  /** The option's definitions after discharge and priority filtering, memoised when final. */
  compute(node: OptionNode): OptionResult {
    const cached = node.result;
    if (cached && (cached.validity === undefined || reuse(cached.validity))) return cached;
    // What withCycleCheck(tracked(...)) does, inlined: this runs for every option and every
    // submodule value's option, and the closures and result records were a visible cost.
    enterOption(node, node.loc);
    const savedMin = engine.minDep;
    const savedSoft = engine.soft;
    engine.minDep = Number.POSITIVE_INFINITY;
    engine.soft = false;
    try {
      const result = this.computeUncached(node);
      // A result relying on a module still running is kept only while that run lasts.
      const validity = engine.minDep === Number.POSITIVE_INFINITY ? undefined : validityFor(engine.minDep);
      if (engine.minDep === Number.POSITIVE_INFINITY || validity) {
        result.validity = validity;
        node.result = result;
      }
      return result;
    } finally {
      engine.soft = savedSoft;
      engine.minDep = Math.min(savedMin, engine.minDep);
      engine.optionStack.pop();
    }
  }

  /** The option's value (merge + apply); throws its error. */
  valueOf(node: OptionNode): unknown {
    const result = this.compute(node);
    if (result.state !== OUTCOME_NONE && (result.outcomeValidity === undefined || reuse(result.outcomeValidity))) {
      if (result.state === OUTCOME_OK) return result.outcomeValue;
      throw result.outcomeValue;
    }
    // Inlined withCycleCheck(tracked(force)), as in compute.
    enterOption(result, node.loc);
    const savedMin = engine.minDep;
    const savedSoft = engine.soft;
    engine.minDep = Number.POSITIVE_INFINITY;
    engine.soft = false;
    let outcome: Outcome;
    try {
      outcome = this.force(node, result.decl!, result.merged!);
      const validity = engine.minDep === Number.POSITIVE_INFINITY ? undefined : validityFor(engine.minDep);
      if (engine.minDep === Number.POSITIVE_INFINITY || validity) {
        result.state = outcome.ok ? OUTCOME_OK : OUTCOME_FAILED;
        result.outcomeValue = outcome.ok ? outcome.value : outcome.error;
        result.outcomeValidity = validity;
        if (!validity) result.dropMerge();
      }
    } finally {
      engine.soft = savedSoft;
      engine.minDep = Math.min(savedMin, engine.minDep);
      engine.optionStack.pop();
    }
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  private definitionsOf(node: OptionNode): Def[] {
    const definers = node.definers;
    const defs: Def[] = [];
    for (let i = 0; i < definers.length; i++) {
      const run = definers[i]!;
      const values = run.defsFor(node, node.loc);
      // The usual case, one module defining the option once: the exact-size list directly.
      if (definers.length === 1 && values.length === 1) {
        const p = findPoison(values[0]);
        if (p) this.poisoned(node.loc, p);
        return [{ file: run.file, value: values[0] }];
      }
      for (let j = 0; j < values.length; j++) defs.push({ file: run.file, value: values[j] });
    }
    for (let i = 0; i < defs.length; i++) {
      const p = findPoison(defs[i]!.value);
      if (p) this.poisoned(node.loc, p);
    }
    // Often retained (as the option's definitions): the usual single one as an exact-size array.
    return defs.length === 1 ? [defs[0]!] : defs;
  }

  /** A definition still holds a poison: not known yet (inside a run) or a real failure. */
  private poisoned(loc: readonly string[], p: PoisonInfo): never {
    if (engine.frames.length > 0) throw new NotReadyError(loc);
    if (p.cause.kind === "read") {
      try {
        p.cause.reread();
      } catch (e) {
        if (e instanceof ModuleError) e.context.push(`while evaluating the option \`${showOption(loc)}':`);
        throw e;
      }
    }
    throw new InfiniteRecursionError(msg.infiniteRecursion([loc, p.cause.kind === "read" ? p.cause.path : loc]), [loc]);
  }

  /**
   * Declaration fields computed from config in the structure pass (a `default`, an `apply`, or a
   * submodule type importing `config.x`, as deferredModule does) are re-read from the live run.
   */
  private liveDecl(node: OptionNode): OptionDecl {
    const run = node.defaultRun ?? node.sourceRun;
    const srcDecl = node.defaultRun ? node.defaultDecl : node.sourceDecl;
    const typePoisoned = node.sourceRun !== undefined && findPoison(node.type.getSubModules?.()) !== undefined;
    if (!run || !srcDecl || (!typePoisoned && !findPoison(srcDecl.default) && !findPoison(srcDecl.apply))) return node.decl;
    run.ensureCurrent();
    let d: unknown = run.output.options;
    // The declaration's path inside the module's `options` is the option's path below the prefix.
    for (let i = this.prefix.length; i < node.loc.length; i++) d = isAttrs(d) ? d[node.loc[i]!] : undefined;
    const live: Partial<OptionDecl> = isAttrs(d) ? (d as unknown as OptionDecl) : {};
    let type = node.type;
    if (typePoisoned && live.type) {
      type = live.type;
      const subs = type.getSubModules?.();
      if (subs && type.substSubModules) type = type.substSubModules(subs.map((m) => ({ _file: run.file, imports: [m] })));
    }
    return { ...node.decl, ...live, type };
  }

  private computeUncached(node: OptionNode): OptionResult {
    const defs = this.definitionsOf(node);
    const decl = this.liveDecl(node);
    const src = node.defaultDecl;
    // liveDecl has just scanned the source's default and apply when it returned the static decl.
    const scanned = src !== undefined && decl === node.decl && decl.default === src.default && decl.apply === src.apply;
    const declPoison = src && !scanned ? (findPoison(decl.default) ?? findPoison(decl.apply)) : undefined;
    if (declPoison) this.poisoned(node.loc, declPoison);
    const hasDefault = "default" in decl;
    if (decl.readOnly && defs.length + (hasDefault ? 1 : 0) > 1) {
      const all = hasDefault ? [{ file: node.declarations[0]!, value: mkOptionDefault(decl.default) } as Def].concat(defs) : defs;
      throw new ReadOnlyError(msg.readOnly(node.loc, all), { loc: node.loc, definitions: all });
    }
    const filtered = hasDefault ? filterWithDefault(node.loc, defs, node.declarations[0]!, decl.default) : filterDefinitions(node.loc, defs);
    const merged = mergeFiltered(node.loc, decl.type ?? node.type, filtered);
    return new OptionResult(merged.defs as FileValue[], merged.highestPrio, merged.isDefined, decl, merged);
  }

  /** Merges (and applies) one option's value; an error is returned as the outcome, not thrown. */
  private force(node: OptionNode, decl: OptionDecl, merged: Merged): Outcome {
    try {
      const v = merged.value();
      return { ok: true, value: decl.apply ? decl.apply(v, this.applyArgs()) : v };
    } catch (error) {
      if (error instanceof NotReadyError) throw error;
      // An apply that ignores its input works without definitions, as Nix's lazy apply does.
      if (decl.apply && (decl as { applyIgnoresValue?: boolean }).applyIgnoresValue) {
        return { ok: true, value: decl.apply(undefined, this.applyArgs()) };
      }
      if (error instanceof ModuleError) error.context.push(`while evaluating the option \`${showOption(node.loc)}':`);
      return { ok: false, error };
    }
  }

  private applyArgs(): { config: object; options: object } {
    return { config: this.configView(false), options: this.optionsView() };
  }

  freeformType(): OptionType | null {
    return this.valueAt(["_module", "freeformType"]) as OptionType | null;
  }

  /** The merged freeform part of the config, or undefined without a freeform type. */
  freeformValue(): Attrs | undefined {
    if (this.freeformCache) return this.freeformCache.value as Attrs | undefined;
    // Structure is fixed: with no unmatched definitions anywhere there is no freeform part.
    if (!anyUnmatched(this.runs)) {
      this.freeformCache = { value: undefined };
      return undefined;
    }
    const r = tracked(() => {
      const t = this.freeformType();
      if (!t) return undefined;
      const defs: Def[] = [];
      for (const run of this.runs) for (const value of run.defsFor(FREEFORM, this.prefix)) defs.push({ file: run.file, value });
      for (const d of defs) {
        const p = findPoison(d.value);
        if (p) this.poisoned(this.prefix, p);
      }
      return defs.length === 0 ? {} : (checkAndMerge(this.prefix, t, defs) as Attrs);
    });
    if (r.final) this.freeformCache = { value: r.value };
    return r.value;
  }

  /** Throws the first definition of an option that does not exist (reference §6.3). */
  checkUnmatched(): void {
    if (this.unmatchedChecked) return;
    if (!anyUnmatched(this.runs)) {
      this.unmatchedChecked = true;
      return;
    }
    const all = this.runs.flatMap((run) => run.index.unmatched.map((u) => ({ run, u })));
    if (this.valueAt(["_module", "check"]) !== true || this.freeformType() !== null) {
      this.unmatchedChecked = true;
      return;
    }
    all.sort((a, b) => comparePaths(a.u.prefix, b.u.prefix));
    const { run, u } = all[0]!;
    run.ensureCurrent();
    const live = run.index.unmatched.find((x) => x.prefix.join("\0") === u.prefix.join("\0")) ?? u;
    const parentPath = u.prefix.slice(0, -1);
    const parent = findNode(this.root, parentPath);
    const candidates =
      parent?.kind === "namespace" ? [...parent.children.keys()].filter((k) => !(parentPath.length === 0 && k === "_module")) : [];
    const suggestions = suggestNames(u.prefix[u.prefix.length - 1]!, candidates).map((c) => showOption([...this.prefix, ...parentPath, c]));
    const onlyInternal = [...this.root.children.keys()].every((k) => k === "_module");
    const extra = onlyInternal ? (this.prefix.length === 0 ? msg.noOptionsAtTop : msg.noOptionsInSub(this.prefix)) : "";
    const loc = [...this.prefix, ...u.prefix];
    const definitions = [{ file: run.file, value: live.value }];
    throw new UnknownOptionError(msg.unknownOption(loc, definitions, suggestions, extra), { loc, definitions, suggestions });
  }

  configView(hideModule: boolean): object {
    if (hideModule) return (this.configViewCache ??= configView(this, this.root, [], true));
    return (this.configWithModuleCache ??= configView(this, this.root, [], false));
  }

  optionsView(): object {
    return (this.optionsViewCache ??= optionsView(this, this.root));
  }
}

/**
 * The internal module's run when its `_module` subtree can be built lazily: no other module
 * declares `_module` at the top, and every other module's `options` is a plain attribute set
 * (anything else takes buildOptionTree's general path, with its exact errors).
 */
function lazyInternalRun(runs: readonly ModuleRun[]): ModuleRun | undefined {
  let internal: ModuleRun | undefined;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    const options = run.output.options;
    if (internal === undefined && isInternalDeclarations(options)) {
      internal = run;
      continue;
    }
    if (!isAttrs(options) || options._type !== undefined || Object.hasOwn(options, "_module")) return undefined;
  }
  return internal;
}

/**
 * Puts `key` on the option stack (the caller pops it); re-entering it with no module run in
 * between is a real cycle.
 */
function enterOption(key: object, loc: readonly string[]): void {
  const stack = engine.optionStack;
  for (let i = stack.length - 1; i >= 0; i--) {
    if (stack.keyAt(i) !== key) continue;
    if (stack.framesAt(i) === engine.frames.length) {
      const chain = chainFrom(i, loc);
      throw new InfiniteRecursionError(msg.infiniteRecursion(chain), chain);
    }
    break;
  }
  stack.push(key, loc, engine.frames.length);
}

/** `runs` without `skip`, as an exact-size array (the internal module is one of them). */
function runsWithout(runs: readonly ModuleRun[], skip: ModuleRun): ModuleRun[] {
  const out: ModuleRun[] = new Array(runs.length - 1);
  let n = 0;
  for (let i = 0; i < runs.length; i++) if (runs[i] !== skip) out[n++] = runs[i]!;
  return out;
}

/** True if some run has a definition no option matches (a loop: asked on every `config` read of an evaluation). */
function anyUnmatched(runs: readonly ModuleRun[]): boolean {
  for (let i = 0; i < runs.length; i++) if (runs[i]!.index.unmatched.length > 0) return true;
  return false;
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return a.length - b.length;
}

/**
 * The argument object of one module call, as a Proxy so that only what a module reads is
 * computed. A class (traps on the prototype): one is made per module call, and submodule values
 * make many.
 */
class ModuleArgsHandler implements ProxyHandler<object> {
  constructor(
    private readonly ev: Evaluation,
    private readonly structure: boolean,
    private readonly key: string,
  ) {}

  private lookup(k: string): unknown {
    const early = this.structure && this.ev.isLoading();
    if (k === "config") return early ? makePoison({ kind: "structure" }) : this.ev.configView(false);
    if (k === "options") return early ? makePoison({ kind: "structure" }) : this.ev.optionsView();
    if (k === "moduleType") return this.ev.args.owner?.type;
    const fixed = this.ev.fixedArg(k);
    if (fixed !== NOT_FIXED) return fixed;
    if (early) return makePoison({ kind: "structure" });
    return this.ev.moduleArg(k, this.key);
  }

  get(_t: object, k: string | symbol): unknown {
    return typeof k === "string" ? this.lookup(k) : undefined;
  }
  has(): boolean {
    return true;
  }
  ownKeys(): string[] {
    return [...new Set(["config", "options", "moduleType", ...Object.keys(this.ev.fixedArgs())])];
  }
  getOwnPropertyDescriptor(_t: object, k: string | symbol): PropertyDescriptor | undefined {
    return typeof k === "string" ? { value: this.lookup(k), enumerable: true, configurable: true, writable: false } : undefined;
  }
}
