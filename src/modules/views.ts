/**
 * `config` and `options` as objects: Proxies over the option tree whose properties compute option
 * values on read. Object.keys / JSON.stringify enumerate (and so force) them like plain objects.
 *
 * The handlers are class instances (traps on the prototype) rather than closures: every submodule
 * value is an evaluation with its own views, and per-view closures were a measurable share of the
 * module benchmark (allocation, and tsx's keepNames wraps each named closure in a defineProperty).
 */
import { guardedRead } from "./engine.ts";
import type { Evaluation } from "./evaluation.ts";
import { showOption } from "./messages.ts";
import type { NamespaceNode, OptionNode, TreeNode } from "./option-tree.ts";
import { OPAQUE } from "./poison.ts";
import { isAttrs, type Attrs } from "./values.ts";

/** A read-only object view: subclasses say which names exist, list them and compute a value. */
abstract class ReadOnlyHandler implements ProxyHandler<object> {
  protected abstract hasName(k: string): boolean;
  protected abstract names(): string[];
  protected abstract valueOf(k: string): unknown;

  get(_t: object, k: string | symbol): unknown {
    if (k === OPAQUE) return true;
    return typeof k === "string" && this.hasName(k) ? this.valueOf(k) : undefined;
  }
  has(_t: object, k: string | symbol): boolean {
    return typeof k === "string" && this.hasName(k);
  }
  ownKeys(): string[] {
    return this.names();
  }
  // An accessor, so Object.keys (which reads descriptors) lists names without computing values.
  getOwnPropertyDescriptor(_t: object, k: string | symbol): PropertyDescriptor | undefined {
    if (typeof k !== "string" || !this.hasName(k)) return undefined;
    const handler = this;
    return {
      get() {
        return handler.valueOf(k);
      },
      enumerable: true,
      configurable: true,
    };
  }
  set(): boolean {
    return false;
  }
  deleteProperty(): boolean {
    return false;
  }
  defineProperty(): boolean {
    return false;
  }
  // The target is shared by every view (TARGET): it must stay empty, extensible, prototype-less.
  setPrototypeOf(): boolean {
    return false;
  }
  preventExtensions(): boolean {
    return false;
  }
}

/**
 * The target of every view: an empty object the traps never change (nor let change), so views
 * need not each make one (a prototype-less object is a dictionary, and there is one view per
 * namespace of every submodule value).
 */
const TARGET: object = Object.create(null) as object;

class ConfigHandler extends ReadOnlyHandler {
  // Declared and assigned once (parameter properties define each field as undefined first):
  // there is a view per namespace of every submodule value.
  declare private subViews: Map<string, object> | undefined;
  declare private readonly ev: Evaluation;
  declare private readonly node: NamespaceNode;
  declare private readonly path: readonly string[];
  declare private readonly hideModule: boolean;
  declare private declaredNames: string[] | undefined;

  constructor(ev: Evaluation, node: NamespaceNode, path: readonly string[], hideModule: boolean) {
    super();
    this.subViews = undefined;
    this.ev = ev;
    this.node = node;
    this.path = path;
    this.hideModule = hideModule;
    this.declaredNames = undefined;
  }

  /** The declared child named `k` (`_module` is hidden at the top of a config without it). */
  private childAt(k: string): TreeNode | undefined {
    return this.hideModule && this.path.length === 0 && k === "_module" ? undefined : this.node.children.get(k);
  }

  private declared(k: string): boolean {
    return !(this.hideModule && this.path.length === 0 && k === "_module") && this.node.children.has(k);
  }

  /** hasName then valueOf in one lookup: every read of module code and of JSON.stringify comes here. */
  override get(_t: object, k: string | symbol): unknown {
    if (typeof k !== "string") return k === OPAQUE ? true : undefined;
    const child = this.childAt(k);
    if (child) return child.kind === "option" ? this.ev.read(child) : this.subView(k, child);
    const ff = this.freeformHere();
    return ff !== undefined && Object.hasOwn(ff, k) ? ff[k] : undefined;
  }

  private freeformHere(): Attrs | undefined {
    let v: unknown = this.ev.freeformValue();
    if (v === undefined) return undefined;
    for (const p of this.path) v = isAttrs(v) ? v[p] : undefined;
    return isAttrs(v) ? v : undefined;
  }

  protected hasName(k: string): boolean {
    if (this.declared(k)) return true;
    const ff = this.freeformHere();
    return ff !== undefined && Object.hasOwn(ff, k);
  }

  protected names(): string[] {
    // The declared names are fixed: sorted once (the Proxy copies what ownKeys returns). Only
    // the top of a config without `_module` hides one.
    this.declaredNames ??= sortedCopy(
      this.hideModule && this.path.length === 0 ? [...this.node.children.keys()].filter((k) => k !== "_module") : [...this.node.children.keys()],
    );
    const ff = this.freeformHere();
    if (!ff) return this.declaredNames;
    const names = new Set(this.declaredNames);
    for (const k of Object.keys(ff)) names.add(k);
    return [...names].sort();
  }

  protected valueOf(k: string): unknown {
    const child = this.childAt(k);
    if (!child) return this.freeformHere()?.[k];
    if (child.kind === "option") return this.ev.read(child);
    return this.subView(k, child);
  }

  private subView(k: string, child: NamespaceNode): object {
    this.subViews ??= new Map();
    let v = this.subViews.get(k);
    if (!v) this.subViews.set(k, (v = configView(this.ev, child, [...this.path, k], this.hideModule)));
    return v;
  }
}

/** Sorted names; the tree's are usually in order already (it is built sorted), so no sort then. */
function sortedCopy(names: string[]): string[] {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) return names.sort();
  return names;
}

export function configView(ev: Evaluation, node: NamespaceNode, path: readonly string[], hideModule: boolean): object {
  return new Proxy(TARGET, new ConfigHandler(ev, node, path, hideModule));
}

function optionRecord(ev: Evaluation, node: OptionNode): object {
  const rec: Attrs = { ...node.decl, _type: "option", loc: node.loc, type: node.type, declarations: node.declarations };
  const result = () => ev.compute(node);
  Object.defineProperties(rec, {
    value: { get: () => guardedRead(node.loc, () => ev.valueOf(node)), enumerable: true },
    isDefined: { get: () => guardedRead(node.loc, () => result().isDefined), enumerable: true },
    highestPrio: { get: () => guardedRead(node.loc, () => result().highestPrio), enumerable: true },
    definitions: { get: () => guardedRead(node.loc, () => result().definitions), enumerable: true },
    files: { get: () => guardedRead(node.loc, () => result().files), enumerable: true },
    definitionsWithLocations: { get: () => guardedRead(node.loc, () => result().definitionsWithLocations), enumerable: true },
    toString: { value: () => showOption(node.loc), enumerable: false },
    [OPAQUE]: { value: true, enumerable: false },
  });
  return rec;
}

class OptionsHandler extends ReadOnlyHandler {
  private readonly cache = new Map<string, object>();

  constructor(
    private readonly ev: Evaluation,
    private readonly node: NamespaceNode,
  ) {
    super();
  }

  protected hasName(k: string): boolean {
    return this.node.children.has(k);
  }
  protected names(): string[] {
    return [...this.node.children.keys()];
  }
  protected valueOf(k: string): unknown {
    let v = this.cache.get(k);
    if (!v) this.cache.set(k, (v = view(this.ev, this.node.children.get(k)!)));
    return v;
  }
}

function view(ev: Evaluation, child: TreeNode): object {
  return child.kind === "option" ? optionRecord(ev, child) : optionsView(ev, child);
}

export function optionsView(ev: Evaluation, node: NamespaceNode): object {
  return new Proxy(TARGET, new OptionsHandler(ev, node));
}
