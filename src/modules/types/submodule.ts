/** submodule, submoduleWith, deferredModule (reference §12). */
// Spec functions are methods, not arrow properties: tsx's keepNames wraps every arrow property in
// a defineProperty (leaving the function in dictionary mode), and types are made per declaration.
import { InvalidDeclarationError } from "../errors.ts";
import { hooks, type SubmoduleOpts } from "../hooks.ts";
import { showOption } from "../messages.ts";
import { isAttrs, isFunction } from "../values.ts";
import { type Def, isOptionType, mkOptionType, type OptionType } from "./core.ts";

const PLACEHOLDER = "‹name›";

function staticFreeform(modules: readonly unknown[]): OptionType | undefined {
  for (const m of modules) {
    if (!isAttrs(m)) continue;
    if (isOptionType(m.freeformType)) return m.freeformType;
    const inner = Array.isArray(m.imports) ? staticFreeform(m.imports) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

export function submoduleWith(opts: SubmoduleOpts): OptionType<any> {
  const modules = opts.modules;
  const shorthand = opts.shorthandOnlyDefinesConfig;
  const bases = new Map<string, any>();
  const base = (prefix: readonly string[] = []) => {
    const k = prefix.join("\0");
    let b = bases.get(k);
    if (!b) {
      b = hooks.evalModules({
        modules,
        specialArgs: opts.specialArgs,
        class: opts.class ?? undefined,
        prefix,
        name: PLACEHOLDER,
      });
      bases.set(k, b);
    }
    return b;
  };
  const toModule = (d: Def) =>
    shorthand === true && isAttrs(d.value) ? { _file: d.file, config: d.value } : { _file: d.file, imports: [d.value] };
  const freeform = staticFreeform(modules);
  let substituted: WeakMap<readonly unknown[], OptionType<any>> | undefined;
  const t: OptionType<any> = mkOptionType<any>({
    name: "submodule",
    description: opts.description ?? (freeform ? `open submodule of ${freeform.description}` : "submodule"),
    // No class: wrappers parenthesise it ("attribute set of (submodule)"), as nixpkgs does.
    check(v) { return isAttrs(v) || isFunction(v); },
    merge(loc, defs) {
      const name = loc[loc.length - 1] ?? "";
      const ev = hooks.evalModules({
        modules: [...modules, ...defs.map(toModule)],
        specialArgs: opts.specialArgs,
        class: opts.class ?? undefined,
        prefix: loc,
        name,
      });
      return ev.config;
    },
    emptyValue() { return ({ value: base().config }); },
    getSubOptions(prefix) { return base(prefix).evaluation.optionsView(); },
    getSubModules() { return modules; },
    // The same list gives the same type (option-tree's locatedModules hands out one per file).
    substSubModules(m) {
      substituted ??= new WeakMap();
      let sub = substituted.get(m);
      if (!sub) substituted.set(m, (sub = submoduleWith({ ...opts, modules: m })));
      return sub;
    },
    typeMerge(_self, other) {
      const o = (other as { submoduleOpts?: SubmoduleOpts }).submoduleOpts;
      if (other.name !== "submodule" || !o) return undefined;
      const clash = Object.keys(opts.specialArgs ?? {}).filter((k) => Object.hasOwn(o.specialArgs ?? {}, k));
      if (clash.length > 0) {
        throw new InvalidDeclarationError(`A submoduleWith option is declared multiple times with the same specialArgs ${JSON.stringify(clash)}`);
      }
      const pick = <K extends "class" | "shorthandOnlyDefinesConfig" | "description">(k: K, label: string) => {
        const a = opts[k] ?? null;
        const b = o[k] ?? null;
        if (a === null) return b;
        if (b === null || a === b) return a;
        throw new InvalidDeclarationError(`A submoduleWith option is declared multiple times with conflicting ${label} values ${JSON.stringify(a)} and ${JSON.stringify(b)}.`);
      };
      return submoduleWith({
        modules: [...modules, ...o.modules],
        specialArgs: { ...opts.specialArgs, ...o.specialArgs },
        class: pick("class", "class"),
        shorthandOnlyDefinesConfig: pick("shorthandOnlyDefinesConfig", "shorthandOnlyDefinesConfig"),
        description: pick("description", "descriptions"),
      });
    },
    tsType() { return hooks.tsOfOptions(base().evaluation, "value"); },
    tsDefType() { return `Def<${hooks.tsOfOptions(base().evaluation, "def")} | ((args: ModuleArgs) => any)>`; },
  });
  return Object.assign(t, { submoduleOpts: opts });
}

export function submodule(m: unknown): OptionType<any> {
  return submoduleWith({ modules: Array.isArray(m) ? m : [m], shorthandOnlyDefinesConfig: true });
}

/** A module kept unevaluated, to be imported elsewhere (e.g. a per-instance default). */
export const deferredModule: OptionType<any> = mkOptionType<any>({
  name: "deferredModule",
  description: "module",
  descriptionClass: "noun",
  check(v) { return isAttrs(v) || isFunction(v); },
  merge: (loc, defs) => ({
    imports: defs.map((d) => ({ _file: `${d.file}, via option ${showOption(loc)}`, imports: [d.value] })),
  }),
  typeMerge(self, other) { return (other.name === "deferredModule" ? self : undefined); },
  tsType: "any",
  tsDefType() { return "any"; },
});
