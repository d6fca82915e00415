/**
 * The option tree (reference §5): every module's `options` merged name by name. A leaf merges
 * several declarations of one option (types via typeMerge, submodule options extended by plain
 * subtrees from other modules); inner nodes are namespaces.
 */
import { InvalidDeclarationError } from "./errors.ts";
import { msg } from "./messages.ts";
import type { ModuleRun } from "./module-run.ts";
import type { OptionResult } from "./option-result.ts";
import { isOption, mkOption, type OptionDecl } from "./options.ts";
import { hooks } from "./hooks.ts";
import type { OptionType } from "./types/core.ts";
import { unspecified } from "./types/misc.ts";
import { isAttrs, typeOf, type Attrs } from "./values.ts";

export interface OptionNode {
  readonly kind: "option";
  readonly loc: readonly string[];
  readonly type: OptionType;
  readonly decl: OptionDecl;
  /**
   * The module and declaration `default` / `apply` came from, to re-read them if they were
   * computed from config (its `options` are re-read at the option's path after a re-run).
   * Fields rather than a source record: thousands of nodes per evaluation.
   */
  readonly defaultRun: ModuleRun | undefined;
  readonly defaultDecl: OptionDecl | undefined;
  readonly declarations: readonly string[];
  /** The module and declaration, when exactly one module declares it (most options). */
  readonly sourceRun: ModuleRun | undefined;
  readonly sourceDecl: OptionDecl | undefined;
  /** The modules defining it, in merge order (replaced, not grown, by registerDefiners). */
  definers: ModuleRun[];
  /** The evaluation's memo of this option's definitions and value (a node belongs to one evaluation). */
  result: OptionResult | undefined;
}

export interface NamespaceNode {
  readonly kind: "namespace";
  readonly loc: readonly string[];
  readonly children: Map<string, TreeNode>;
}

export type TreeNode = OptionNode | NamespaceNode;

interface Item {
  readonly file: string;
  readonly run: ModuleRun;
  readonly value: unknown;
}

export function buildOptionTree(prefix: readonly string[], runs: readonly ModuleRun[]): NamespaceNode {
  const items = runs.map((run) => ({ file: run.file, run, value: run.output.options }));
  const root = buildNode(prefix, items);
  if (root.kind !== "namespace") throw new InvalidDeclarationError("The top of `options' cannot itself be an option.");
  return root;
}

/**
 * buildOptionTree with `child` added at the top under `name` (which no run declares), in its
 * sorted place. Every run's `options` must be a plain attribute set (the caller checks).
 */
export function buildOptionTreeWith(prefix: readonly string[], runs: readonly ModuleRun[], name: string, child: TreeNode): NamespaceNode {
  // The usual case (every submodule value): at most one module declares options at the top, so
  // the top namespace is built once, with the child in it.
  let only: ModuleRun | undefined;
  let declaring = 0;
  for (let i = 0; i < runs.length; i++) {
    if (hasKeys(runs[i]!.output.options as Attrs)) {
      declaring++;
      only = runs[i];
    }
  }
  if (declaring > 1) return withChild(buildOptionTree(prefix, runs), name, child);
  const value = only ? (only.output.options as Attrs) : {};
  const names = Object.keys(value);
  names.push(name);
  sortedNames(names);
  const children = new Map<string, TreeNode>();
  for (let i = 0; i < names.length; i++) {
    const k = names[i]!;
    children.set(k, k === name ? child : buildSingle(prefix.concat(k), only!.file, only!, value[k]));
  }
  return { kind: "namespace", loc: prefix, children };
}

/**
 * One module declares this subtree (every submodule value's tree, most of the top level): no
 * item records or buckets, no declaration merging.
 */
function buildSingle(loc: readonly string[], file: string, run: ModuleRun, value: unknown): TreeNode {
  if (!isAttrs(value)) throw new InvalidDeclarationError(msg.declNotAttrs(loc, typeOf(value)), { loc, files: [file] });
  const tag = value._type;
  if (tag === "option" && !(value as unknown as OptionDecl).type?.getSubModules?.()) return singleDecl(loc, run, value as unknown as OptionDecl);
  if (tag !== undefined) return buildNode(loc, [{ file, run, value }]);
  const names = sortedNames(Object.keys(value));
  const children = new Map<string, TreeNode>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    // concat allocates the exact size (push after slice would grow the array, kept per node).
    children.set(name, buildSingle(loc.concat(name), file, run, value[name]));
  }
  return { kind: "namespace", loc, children };
}

function buildNode(loc: readonly string[], items: readonly Item[]): TreeNode {
  const opts: Item[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (!isAttrs(it.value)) {
      throw new InvalidDeclarationError(msg.declNotAttrs(loc, typeOf(it.value)), { loc, files: [it.file] });
    }
    const tag = it.value._type;
    if (tag === "option") opts.push(it);
    else if (tag !== undefined) {
      throw new InvalidDeclarationError(msg.notAnOptionDecl(it.file, loc, String(tag)), { loc, files: [it.file] });
    }
  }
  if (opts.length === items.length && opts.length > 0) return mergeDecls(loc, opts);
  if (opts.length > 0) {
    const notSub = opts.find((o) => ((o.value as OptionDecl).type ?? unspecified).name !== "submodule");
    if (notSub) {
      const children = items
        .filter((it) => !isOption(it.value))
        .flatMap((it) => Object.keys(it.value as Attrs).map((k) => ({ loc: [...loc, k], file: it.file })))
        .sort((a, b) => a.loc.join(".").localeCompare(b.loc.join(".")));
      const t = (notSub.value as OptionDecl).type ?? unspecified;
      throw new InvalidDeclarationError(msg.notNestable(loc, notSub.file, t.description, children), { loc, files: [notSub.file] });
    }
    // `options.foo.bar = mkOption …` next to a submodule option `foo` extends the submodule.
    const converted = items.map((it) =>
      isOption(it.value)
        ? it
        : {
            ...it,
            value: mkOption({
              type: hooks.submoduleWith({ modules: [{ _file: it.file, options: it.value }], shorthandOnlyDefinesConfig: null }),
            }),
          },
    );
    return mergeDecls(loc, converted);
  }
  // Every submodule value builds a tree, so this path is hot: one declaring module (the common
  // case) needs no bucketing, and key lists are usually declared in order already.
  // Modules without declarations here (most of them, at the top) contribute nothing.
  let only = items.length === 1 ? items[0] : undefined;
  if (items.length > 1) {
    let declaring = 0;
    for (let i = 0; i < items.length; i++) {
      if (hasKeys(items[i]!.value as Attrs)) {
        declaring++;
        only = items[i];
      }
    }
    if (declaring === 0) return { kind: "namespace", loc, children: new Map() };
    if (declaring > 1) only = undefined;
  }
  if (only) return buildSingle(loc, only.file, only.run, only.value);
  // One pass over the items, bucketing by name (items keep their module order in each bucket).
  const buckets = new Map<string, Item[]>();
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const value = it.value as Attrs;
    const names = Object.keys(value);
    for (let j = 0; j < names.length; j++) {
      const name = names[j]!;
      const sub: Item = { file: it.file, run: it.run, value: value[name] };
      const bucket = buckets.get(name);
      if (bucket) bucket.push(sub);
      else buckets.set(name, [sub]);
    }
  }
  const children = new Map<string, TreeNode>();
  for (const name of sortedNames([...buckets.keys()])) children.set(name, buildNode([...loc, name], buckets.get(name)!));
  return { kind: "namespace", loc, children };
}

function hasKeys(value: Attrs): boolean {
  for (const k in value) if (Object.hasOwn(value, k)) return true;
  return false;
}

/** `names` sorted (in place), skipping the sort's allocation when already in order. */
function sortedNames(names: string[]): string[] {
  // Short lists (most namespaces) by insertion in place: Array.prototype.sort copies into a work
  // array first, and every evaluation sorts each of its namespaces once.
  if (names.length <= 24) {
    for (let i = 1; i < names.length; i++) {
      const name = names[i]!;
      let j = i - 1;
      while (j >= 0 && names[j]! > name) {
        names[j + 1] = names[j]!;
        j--;
      }
      names[j + 1] = name;
    }
    return names;
  }
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) return names.sort();
  return names;
}

const EXCLUSIVE = ["default", "example", "description", "apply"] as const;

/** nixpkgs `mergeOptionDecls`: fields set twice conflict, types merge, the rest: first wins. */
function mergeDecls(loc: readonly string[], items: readonly Item[]): OptionNode {
  // Fast path (most options, and every evaluation's `_module.*`): one declaration, no submodules.
  const only = items.length === 1 ? items[0]! : undefined;
  if (only && !(only.value as OptionDecl).type?.getSubModules?.()) return singleDecl(loc, only.run, only.value as OptionDecl);
  const acc: Record<string, unknown> = {};
  const declarations: string[] = [];
  let type: OptionType | undefined;
  let defaultItem: Item | undefined;
  let subModules: unknown[] = [];
  for (const it of items) {
    const d = it.value as OptionDecl;
    for (const f of EXCLUSIVE) {
      if (f in d && f in acc) {
        throw new InvalidDeclarationError(msg.alreadyDeclared(loc, it.file, declarations), { loc, files: [...declarations, it.file] });
      }
    }
    if (d.type) {
      if (type) {
        const merged = type.typeMerge(d.type);
        if (!merged) throw new InvalidDeclarationError(msg.alreadyDeclared(loc, it.file, declarations), { loc, files: [...declarations, it.file] });
        type = merged;
      } else type = d.type;
      const subs = d.type.getSubModules?.();
      if (subs) subModules = items.length === 1 ? locatedModules(subs, it.file) : [...locatedModules(subs, it.file), ...subModules];
    }
    if ("default" in d || "apply" in d) defaultItem ??= it;
    for (const [k, v] of Object.entries(d)) if (!(k in acc)) acc[k] = v;
    declarations.push(it.file);
  }
  let finalType = type ?? unspecified;
  if (finalType.substSubModules && subModules.length > 0) finalType = finalType.substSubModules(subModules);
  acc.type = finalType;
  return {
    kind: "option",
    loc,
    type: finalType,
    decl: acc as unknown as OptionDecl,
    defaultRun: defaultItem?.run,
    defaultDecl: defaultItem?.value as OptionDecl | undefined,
    declarations,
    sourceRun: items.length === 1 ? items[0]!.run : undefined,
    sourceDecl: items.length === 1 ? (items[0]!.value as OptionDecl) : undefined,
    definers: EMPTY_DEFINERS,
    result: undefined,
  };
}

/**
 * A submodule type's modules, each imported from a module located at `file` (as nixpkgs'
 * mergeOptionDecls does, so errors name the declaring file). One list per (modules, file): an
 * option declared once gets the same list for the same type and file, so substSubModules can
 * give back the same type (every module declaring an `attrsOf (submodule …)` option made one).
 * Never mutated.
 */
function locatedModules(subs: readonly unknown[], file: string): unknown[] {
  let byFile = locatedCache.get(subs);
  if (!byFile) locatedCache.set(subs, (byFile = new Map()));
  let located = byFile.get(file);
  if (!located) byFile.set(file, (located = subs.map((m) => ({ _file: file, imports: [m] }))));
  return located;
}
const locatedCache = new WeakMap<readonly unknown[], Map<string, unknown[]>>();

/** An option declared once, with no submodules to combine. */
function singleDecl(loc: readonly string[], run: ModuleRun, d: OptionDecl): OptionNode {
  const type = d.type ?? unspecified;
  const hasDefault = "default" in d || "apply" in d;
  return {
    kind: "option",
    loc,
    type,
    decl: d.type ? d : { ...d, type },
    defaultRun: hasDefault ? run : undefined,
    defaultDecl: hasDefault ? d : undefined,
    // Shared by the run's options (thousands per evaluation, each declared once).
    declarations: run.files,
    sourceRun: run,
    sourceDecl: d,
    definers: EMPTY_DEFINERS,
    result: undefined,
  };
}

/** Shared by options nobody defines (registerDefiners replaces it, never grows it). */
const EMPTY_DEFINERS: ModuleRun[] = [];

/**
 * `root` with `child` added under `name` at its sorted place (the order buildNode gives, which
 * the views and the generated types follow). Returns a new namespace; `root` is not changed.
 */
export function withChild(root: NamespaceNode, name: string, child: TreeNode): NamespaceNode {
  const children = new Map<string, TreeNode>();
  let placed = false;
  root.children.forEach((node, k) => {
    if (!placed && k > name) {
      children.set(name, child);
      placed = true;
    }
    children.set(k, node);
  });
  if (!placed) children.set(name, child);
  return { kind: "namespace", loc: root.loc, children };
}

/** The subtree one module declares at `loc` (what buildNode gives for a single declaring item). */
export function buildDeclaredSubtree(loc: readonly string[], run: ModuleRun, value: unknown): TreeNode {
  return buildSingle(loc, run.file, run, value);
}

export function findNode(root: NamespaceNode, path: readonly string[]): TreeNode | undefined {
  let node: TreeNode = root;
  for (const p of path) {
    if (node.kind !== "namespace") return undefined;
    const next: TreeNode | undefined = node.children.get(p);
    if (!next) return undefined;
    node = next;
  }
  return node;
}
