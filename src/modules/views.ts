/**
 * `config` and `options` as objects: Proxies over the option tree whose properties compute option
 * values on read. Object.keys / JSON.stringify enumerate (and so force) them like plain objects.
 */
import { guardedRead } from "./engine.ts";
import type { Evaluation } from "./evaluation.ts";
import { showOption } from "./messages.ts";
import type { NamespaceNode, OptionNode, TreeNode } from "./option-tree.ts";
import { OPAQUE } from "./poison.ts";
import { isAttrs, type Attrs } from "./values.ts";

function readOnlyProxy(keys: () => string[], get: (k: string) => unknown, has: (k: string) => boolean): object {
  return new Proxy(Object.create(null) as object, {
    get: (_t, k) => (k === OPAQUE ? true : typeof k === "string" && has(k) ? get(k) : undefined),
    has: (_t, k) => typeof k === "string" && has(k),
    ownKeys: () => keys(),
    // An accessor, so Object.keys (which reads descriptors) lists names without computing values.
    getOwnPropertyDescriptor: (_t, k) =>
      typeof k === "string" && has(k) ? { get: () => get(k), enumerable: true, configurable: true } : undefined,
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}

export function configView(ev: Evaluation, node: NamespaceNode, path: readonly string[], hideModule: boolean): object {
  const subViews = new Map<string, object>();
  const declared = (k: string) => !(hideModule && path.length === 0 && k === "_module") && node.children.has(k);
  const freeformHere = (): Attrs | undefined => {
    let v: unknown = ev.freeformValue();
    for (const p of path) v = isAttrs(v) ? v[p] : undefined;
    return isAttrs(v) ? v : undefined;
  };
  const has = (k: string) => declared(k) || (freeformHere() !== undefined && Object.hasOwn(freeformHere()!, k));
  const keys = () => {
    const names = new Set([...node.children.keys()].filter(declared));
    const ff = freeformHere();
    if (ff) for (const k of Object.keys(ff)) names.add(k);
    return [...names].sort();
  };
  const get = (k: string): unknown => {
    const child = declared(k) ? node.children.get(k) : undefined;
    if (!child) return freeformHere()?.[k];
    if (child.kind === "option") return ev.read(child);
    let v = subViews.get(k);
    if (!v) subViews.set(k, (v = configView(ev, child, [...path, k], hideModule)));
    return v;
  };
  return readOnlyProxy(keys, get, has);
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

export function optionsView(ev: Evaluation, node: NamespaceNode): object {
  const cache = new Map<string, object>();
  const view = (child: TreeNode): object => (child.kind === "option" ? optionRecord(ev, child) : optionsView(ev, child));
  return readOnlyProxy(
    () => [...node.children.keys()],
    (k) => {
      let v = cache.get(k);
      if (!v) cache.set(k, (v = view(node.children.get(k)!)));
      return v;
    },
    (k) => node.children.has(k),
  );
}
