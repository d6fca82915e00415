/**
 * Splits one module's `config` over the option tree (reference §6.1–6.2): properties are pushed
 * down through namespaces (`mkIf c { a = …; }` → `a = mkIf c …`), values landing on an option
 * become its definitions, names declared nowhere become unmatched definitions.
 */
import { InfiniteRecursionError, InvalidDefinitionError } from "./errors.ts";
import { msg } from "./messages.ts";
import type { DefIndex, ModuleRun, RunOutput, Unmatched } from "./module-run.ts";
import type { NamespaceNode, OptionNode } from "./option-tree.ts";
import { poisonOf } from "./poison.ts";
import { isIf, isMerge, isOverride, mkIf, mkOverride } from "./properties.ts";
import { isWhenDeclared, stripWhenDeclared } from "./when-declared.ts";
import { isAttrs, setAttrByPath, typeOf, type Attrs } from "./values.ts";

function mapAttrs(a: Attrs, f: (v: unknown) => unknown): Attrs {
  const out: Attrs = {};
  for (const k of Object.keys(a)) out[k] = f(a[k]);
  return out;
}

export function pushDown(value: unknown): unknown[] {
  if (isMerge(value)) return value.contents.flatMap(pushDown);
  if (isIf(value)) {
    return pushDown(value.content).map((r) => (isAttrs(r) ? mapAttrs(r, (v) => mkIf(value.condition, v)) : r));
  }
  if (isOverride(value)) {
    return pushDown(value.content).map((r) => (isAttrs(r) ? mapAttrs(r, (v) => mkOverride(value.priority, v)) : r));
  }
  return [value];
}

/**
 * `FREEFORM` collects the unmatched definitions as `setAttrByPath prefix value`, so a module's
 * freeform definitions are read (and assumed) like those of an option.
 */
export function indexDefinitions(root: NamespaceNode, out: RunOutput, run: ModuleRun): DefIndex {
  // A module that defines nothing (declarations only: many) shares one empty index.
  const config = out.config;
  if (isAttrs(config) && typeof config._type !== "string" && !hasOwnKeys(config)) return NO_DEFINITIONS;
  const index: DefIndex = { defs: new Map<object, unknown[]>(), unmatched: [] };
  walk(index, run, root, root.loc.length, config);
  if (index.unmatched.length > 0) index.defs.set(FREEFORM, index.unmatched.map((u) => setAttrByPath(u.prefix, u.value)));
  return index;
}

/**
 * The key under which a run indexes its unmatched (freeform) definitions. One for all: an index
 * belongs to one run, and a run to one evaluation.
 */
export const FREEFORM: object = Object.freeze({});

/** Never mutated: indexDefinitions returns it only for a module without definitions. */
const NO_DEFINITIONS: DefIndex = Object.freeze({ defs: new Map<object, unknown[]>(), unmatched: Object.freeze([]) as unknown as Unmatched[] });

function hasOwnKeys(value: Attrs): boolean {
  for (const k in value) if (Object.hasOwn(value, k)) return true;
  return false;
}

// Top-level functions with indexed loops rather than a closure with for-of, and no per-level path
// arrays (a namespace's path is its loc below the root): every module of every submodule value is
// indexed, mostly in cold (not yet optimised) code where each of those costs an allocation.
function walk(index: DefIndex, run: ModuleRun, node: NamespaceNode, rootLen: number, value: unknown): void {
  // Plain attribute sets (the common case) need no push-down.
  if (isAttrs(value) && typeof value._type !== "string") {
    walkItem(index, run, node, rootLen, value);
    return;
  }
  const items = pushDown(value);
  for (let i = 0; i < items.length; i++) walkItem(index, run, node, rootLen, items[i]);
}

function walkItem(index: DefIndex, run: ModuleRun, node: NamespaceNode, rootLen: number, item: unknown): void {
  if (poisonOf(item)) {
    throw new InfiniteRecursionError(msg.structureIsValue(run.file, [...node.loc]), [node.loc], { files: [run.file] });
  }
  if (!isAttrs(item)) {
    throw new InvalidDefinitionError(msg.defNotAttrs(run.file, typeOf(item), node.loc), { loc: node.loc, files: [run.file] });
  }
  const keys = Object.keys(item);
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]!;
    const child = node.children.get(k);
    const v = item[k];
    const optional = isWhenDeclared(v);
    if (!child) {
      if (!optional) index.unmatched.push({ prefix: [...node.loc.slice(rootLen), k], value: v });
    } else if (child.kind === "option") {
      const def = optional ? stripWhenDeclared(v) : v;
      // A literal for the first definition: an array made by push keeps ~16 spare slots.
      const list = index.defs.get(child);
      if (list) list.push(def);
      else index.defs.set(child, [def]);
    } else walk(index, run, child, rootLen, optional ? stripWhenDeclared(v) : v);
  }
}

/** Adds `run` to the definers of every option it defines (runs come in merge order). */
export function registerDefiners(run: ModuleRun, index: DefIndex): void {
  // forEach, not for-of over keys(): no iterator result per entry (thousands per evaluation).
  index.defs.forEach(addDefiner, run);
}

function addDefiner(this: ModuleRun, _defs: unknown, node: object): void {
  if ((node as OptionNode).kind !== "option") return;
  const o = node as OptionNode;
  // A literal for the first: an array grown by push keeps ~16 spare slots, and most options
  // (thousands, retained) have one definer.
  if (o.definers.length === 0) o.definers = [this];
  else o.definers.push(this);
}
