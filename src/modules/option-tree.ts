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

export interface DeclSource {
  readonly file: string;
  /** The module that declared it; its `options` are re-read at the option's path after a re-run. */
  readonly run: ModuleRun;
  readonly decl: OptionDecl;
}

export interface OptionNode {
  readonly kind: "option";
  readonly loc: readonly string[];
  readonly type: OptionType;
  readonly decl: OptionDecl;
  /** Where `default` / `apply` came from, to re-read them if they were computed from config. */
  readonly defaultSource: DeclSource | undefined;
  readonly declarations: readonly string[];
  /** Every declaration, when several modules declare it (empty for one: see `source`). */
  readonly sources: readonly DeclSource[];
  /** The declaration, when exactly one module declares it (most options). */
  readonly source: DeclSource | undefined;
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
 * One module declares this subtree (every submodule value's tree, most of the top level): no
 * item records or buckets, no declaration merging.
 */
function buildSingle(loc: readonly string[], file: string, run: ModuleRun, value: unknown): TreeNode {
  if (!isAttrs(value)) throw new InvalidDeclarationError(msg.declNotAttrs(loc, typeOf(value)), { loc, files: [file] });
  const tag = value._type;
  if (tag === "option" && !(value as unknown as OptionDecl).type?.getSubModules?.()) return singleDecl(loc, file, run, value as unknown as OptionDecl);
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
  if (only && !(only.value as OptionDecl).type?.getSubModules?.()) return singleDecl(loc, only.file, only.run, only.value as OptionDecl);
  const acc: Record<string, unknown> = {};
  const declarations: string[] = [];
  let type: OptionType | undefined;
  let defaultSource: DeclSource | undefined;
  let subModules: unknown[] = [];
  const sources: DeclSource[] = [];
  for (const it of items) {
    const d = it.value as OptionDecl;
    const source: DeclSource = { file: it.file, run: it.run, decl: d };
    sources.push(source);
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
      if (subs) subModules = [...subs.map((m) => ({ _file: it.file, imports: [m] })), ...subModules];
    }
    if ("default" in d || "apply" in d) defaultSource ??= source;
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
    defaultSource,
    declarations,
    sources,
    source: sources.length === 1 ? sources[0] : undefined,
    definers: EMPTY_DEFINERS,
    result: undefined,
  };
}

/** An option declared once, with no submodules to combine. */
function singleDecl(loc: readonly string[], file: string, run: ModuleRun, d: OptionDecl): OptionNode {
  const source: DeclSource = { file, run, decl: d };
  const type = d.type ?? unspecified;
  return {
    kind: "option",
    loc,
    type,
    decl: d.type ? d : { ...d, type },
    defaultSource: "default" in d || "apply" in d ? source : undefined,
    // Shared by the run's options (thousands per evaluation, each declared once).
    declarations: run.files,
    sources: NO_SOURCES,
    source,
    definers: EMPTY_DEFINERS,
    result: undefined,
  };
}

const NO_SOURCES: readonly DeclSource[] = Object.freeze([]);

/** Shared by options nobody defines (registerDefiners replaces it, never grows it). */
const EMPTY_DEFINERS: ModuleRun[] = [];

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
