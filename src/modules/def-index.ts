/**
 * Splits one module's `config` over the option tree (reference §6.1–6.2): properties are pushed
 * down through namespaces (`mkIf c { a = …; }` → `a = mkIf c …`), values landing on an option
 * become its definitions, names declared nowhere become unmatched definitions.
 */
import { InfiniteRecursionError, InvalidDefinitionError } from "./errors.ts";
import { msg } from "./messages.ts";
import type { DefIndex, ModuleRun, RunOutput } from "./module-run.ts";
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
 * `freeformKey` collects the unmatched definitions as `setAttrByPath prefix value`, so a module's
 * freeform definitions are read (and assumed) like those of an option.
 */
export function indexDefinitions(root: NamespaceNode, out: RunOutput, run: ModuleRun, freeformKey: object): DefIndex {
  const defs = new Map<object, unknown[]>();
  const unmatched: { prefix: string[]; value: unknown }[] = [];
  const walk = (node: NamespaceNode, value: unknown, path: string[]) => {
    // Plain attribute sets (the common case) need no push-down.
    const items = isAttrs(value) && typeof value._type !== "string" ? [value] : pushDown(value);
    for (const item of items) {
      if (poisonOf(item)) {
        throw new InfiniteRecursionError(msg.structureIsValue(run.file, [...node.loc]), [node.loc], { files: [run.file] });
      }
      if (!isAttrs(item)) {
        throw new InvalidDefinitionError(msg.defNotAttrs(run.file, typeOf(item), node.loc), { loc: node.loc, files: [run.file] });
      }
      for (const k of Object.keys(item)) {
        const child = node.children.get(k);
        const v = item[k];
        const optional = isWhenDeclared(v);
        if (!child) {
          if (!optional) unmatched.push({ prefix: [...path, k], value: v });
        } else if (child.kind === "option") {
          let list = defs.get(child);
          if (!list) defs.set(child, (list = []));
          list.push(optional ? stripWhenDeclared(v) : v);
        } else walk(child, optional ? stripWhenDeclared(v) : v, [...path, k]);
      }
    }
  };
  walk(root, out.config, []);
  if (unmatched.length > 0) defs.set(freeformKey, unmatched.map((u) => setAttrByPath(u.prefix, u.value)));
  return { defs, unmatched };
}

/** Adds `run` to the definers of every option it defines (runs come in merge order). */
export function registerDefiners(run: ModuleRun, index: DefIndex): void {
  for (const node of index.defs.keys()) if ((node as OptionNode).kind === "option") (node as OptionNode).definers.push(run);
}
