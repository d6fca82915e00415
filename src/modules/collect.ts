/**
 * Loading modules (reference §2, §4): normalise each accepted form, load imports recursively,
 * apply `disabledModules`, de-duplicate by key breadth-first, check classes, and return the
 * modules in merge order (the BFS list reversed, as nixpkgs does).
 */
import { InfiniteRecursionError, InvalidModuleError } from "./errors.ts";
import { poisonOf } from "./poison.ts";
import { msg } from "./messages.ts";
import { ModuleRun, type RunOutput } from "./module-run.ts";
import { isIf, isMerge, isOverride, mkMerge } from "./properties.ts";
import { isAttrs, isFunction, typeOf, type Attrs } from "./values.ts";

export interface LoadContext {
  /** The argument object for a module's function; `structure` = the structure pass. */
  moduleArgs(structure: boolean, key: string): object;
  readonly modulesPath: string;
}

export interface Loaded {
  readonly key: string;
  readonly file: string;
  readonly class: string | undefined;
  readonly disabled: readonly unknown[];
  readonly children: readonly Loaded[];
  readonly run: ModuleRun;
}

interface Normal extends RunOutput {
  readonly class: string | undefined;
  readonly disabledModules: readonly unknown[];
  readonly imports: readonly unknown[];
  readonly configFn: ((args: object) => unknown) | undefined;
}

const FULL_KEYS = new Set(["_class", "_file", "key", "disabledModules", "imports", "options", "config", "meta", "freeformType"]);
const SHORTHAND_EXCLUDED = new Set(["_class", "_file", "key", "disabledModules", "require", "imports", "freeformType"]);

/**
 * The `options` / `config` of a module without them (most modules lack one of the two, and every
 * submodule value loads several): read, never written, like every module output.
 */
const EMPTY: Attrs = Object.freeze({});

/** The disabled keys when no module disables any (never mutated). */
const NO_KEYS: ReadonlySet<string> = new Set<string>();

/** Shared by every module without imports or disabledModules (never mutated). */
const NONE: readonly never[] = Object.freeze([]);

function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : v === undefined ? NONE : [v];
}

function withExtras(config: unknown, m: Attrs): unknown {
  // Most modules have neither: no list to build (every module of every submodule value passes here).
  if (m.meta === undefined && m.freeformType === undefined) return config;
  const parts: unknown[] = [config];
  if (m.meta !== undefined) parts.push({ meta: m.meta });
  if (m.freeformType !== undefined) parts.push({ _module: { freeformType: m.freeformType } });
  return parts.length === 1 ? config : mkMerge(parts);
}

/** Keys a full-syntax module may not have; the shared empty list when it has none (the rule). */
function unsupportedKeys(m: Attrs): readonly string[] {
  let bad: string[] | undefined;
  for (const k in m) if (Object.hasOwn(m, k) && !FULL_KEYS.has(k)) (bad ??= []).push(k);
  return bad ?? NONE;
}

/** `unifyModuleSyntax`: full syntax when `config` or `options` is present, else shorthand. */
function normalise(file: string, key: string, m: unknown): Normal {
  if (poisonOf(m)) throw new InfiniteRecursionError(msg.structureIsValue(file, []), [], { files: [file] });
  if (!isAttrs(m)) throw new InvalidModuleError(msg.notAModule(file, key), { files: [file] });
  const cls = m._class === undefined || m._class === null ? undefined : String(m._class);
  if ("config" in m || "options" in m) {
    const bad = unsupportedKeys(m);
    if (bad.length > 0) throw new InvalidModuleError(msg.unsupportedAttr(key, bad), { files: [file] });
    const cfg = m.config;
    return {
      class: cls,
      disabledModules: list(m.disabledModules),
      imports: list(m.imports),
      options: m.options ?? EMPTY,
      config: isFunction(cfg) ? EMPTY : withExtras(cfg ?? EMPTY, m),
      configFn: isFunction(cfg) ? (args) => withExtras(cfg(args), m) : undefined,
    };
  }
  let config: Attrs | undefined;
  const keys = Object.keys(m);
  for (let i = 0; i < keys.length; i++) if (!SHORTHAND_EXCLUDED.has(keys[i]!)) (config ??= {})[keys[i]!] = m[keys[i]!];
  return {
    class: cls,
    disabledModules: list(m.disabledModules),
    imports: m.require === undefined ? list(m.imports) : [...list(m.require), ...list(m.imports)],
    options: EMPTY,
    config: withExtras(config ?? EMPTY, m),
    configFn: undefined,
  };
}

/** A function module's output before its first call: what `normalise(file, key, {})` gives. */
const EMPTY_NORMAL: Normal = Object.freeze({ class: undefined, disabledModules: NONE, imports: NONE, options: EMPTY, config: EMPTY, configFn: undefined });

// Producers are made by these helpers, not inline: an anonymous closure escapes tsx's keepNames
// wrapper (a defineProperty per closure), and every submodule value loads its modules anew.
function functionProducer(ctx: LoadContext, fn: (args: object) => unknown, file: string, key: string): (structure: boolean) => RunOutput {
  return (structure) => {
    const args = ctx.moduleArgs(structure, key);
    const n = normalise(file, key, fn(args));
    return n.configFn ? { ...n, config: n.configFn(args) } : n;
  };
}

function configProducer(ctx: LoadContext, n: Normal, configFn: (args: object) => unknown, key: string): (structure: boolean) => RunOutput {
  return (structure) => ({ ...n, config: configFn(ctx.moduleArgs(structure, key)) });
}

/** `:anon-N` for the N-th top-level module, made once: every submodule value loads its modules anew. */
function anonKey(i: number): string {
  let key = ANON_KEYS[i];
  if (key === undefined) {
    key = `:anon-${i + 1}`;
    if (i < 64) ANON_KEYS[i] = key;
  }
  return key;
}
const ANON_KEYS: string[] = [];

/** What one collectModules call has loaded so far. */
interface LoadState {
  readonly seen: Map<string, Loaded>;
  /** Whether any loaded module has `disabledModules` (most evaluations: none, nothing to gather). */
  anyDisabled: boolean;
  /** Whether a key was met twice (one module imported twice): only then can the walk repeat one. */
  shared: boolean;
}

function loadOne(ctx: LoadContext, m: unknown, file: string, key: string, state: LoadState, depth: number): Loaded {
  const seen = state.seen;
  if (depth > 200) throw new InvalidModuleError(`Module imports nest too deeply at \`${key}' (an anonymous module importing itself?).`, { files: [file] });
  if (Array.isArray(m)) throw new InvalidModuleError(msg.nestedImports([{ file, value: m }]), { files: [file] });
  if (typeof m === "string") throw new InvalidModuleError(msg.pathImport(file, m), { files: [file] });
  if (poisonOf(m)) throw new InfiniteRecursionError(msg.importsFromConfig(file), [], { files: [file] });
  let normal: Normal;
  let produce: ((structure: boolean) => RunOutput) | undefined;
  if (isFunction(m)) {
    produce = functionProducer(ctx, m, file, key);
    normal = EMPTY_NORMAL;
  } else if (isAttrs(m)) {
    const tag = m._type;
    if (isIf(m) || isOverride(m) || isMerge(m)) m = { config: m };
    else if (tag !== undefined && tag !== "module") {
      throw new InvalidModuleError(msg.expectedModule(String(tag), file), { files: [file] });
    }
    const explicitKey = (m as Attrs).key;
    if (explicitKey !== undefined) key = String(explicitKey);
    if (typeof (m as Attrs)._file === "string") file = (m as Attrs)._file as string;
    const again = seen.get(key);
    if (again) {
      state.shared = true;
      return again;
    }
    normal = normalise(file, key, m);
    if (normal.configFn) produce = configProducer(ctx, normal, normal.configFn, key);
  } else {
    throw new InvalidModuleError(msg.notAModule(file, key), { files: [file], definitions: [{ file, value: m }] });
  }
  const run = new ModuleRun(file, key, produce, normal);
  const structure = run.structurePass() as Normal;
  const loaded: { -readonly [K in keyof Loaded]: Loaded[K] } = {
    key,
    file,
    class: structure.class ?? normal.class,
    disabled: structure.disabledModules,
    children: [],
    run,
  };
  seen.set(key, loaded);
  if (loaded.disabled.length > 0) state.anyDisabled = true;
  loaded.children = structure.imports.length === 0 ? NONE : structure.imports.map((child, i) => loadOne(ctx, child, file, `${key}:anon-${i + 1}`, state, depth + 1));
  return loaded;
}

function disabledKey(ctx: LoadContext, file: string, item: unknown): string {
  if (typeof item === "string") return item.startsWith("/") || ctx.modulesPath === "" ? item : `${ctx.modulesPath}/${item}`;
  if (typeof item === "number") return String(item);
  if (isAttrs(item)) {
    if (item.key !== undefined) return String(item.key);
    if (typeof item.outPath === "string") return item.outPath;
    throw new InvalidModuleError(msg.disabledNoKey(file), { files: [file] });
  }
  throw new InvalidModuleError(msg.disabledBadType(file, typeOf(item)), { files: [file] });
}

function gatherDisabled(ctx: LoadContext, l: Loaded, visited: Set<Loaded>, disabled: Set<string>): void {
  if (visited.has(l)) return;
  visited.add(l);
  for (let i = 0; i < l.disabled.length; i++) disabled.add(disabledKey(ctx, l.file, l.disabled[i]));
  for (let i = 0; i < l.children.length; i++) gatherDisabled(ctx, l.children[i]!, visited, disabled);
}

/**
 * Loads `modules`, then `last` as one more top-level module already loaded (the internal module:
 * built directly, not normalised, since every evaluation has one), and returns the modules to
 * merge, in merge order.
 */
export function collectModules(ctx: LoadContext, modules: readonly unknown[], cls: string | undefined, last?: Loaded): Loaded[] {
  const state: LoadState = { seen: new Map(), anyDisabled: false, shared: false };
  const top: Loaded[] = [];
  for (let i = 0; i < modules.length; i++) top.push(loadOne(ctx, modules[i], "<unknown-file>", anonKey(i), state, 0));
  if (last) {
    // As loadOne does: a module loaded earlier under the same key stands for it.
    const again = state.seen.get(last.key);
    if (again) {
      state.shared = true;
      top.push(again);
    } else {
      state.seen.set(last.key, last);
      top.push(last);
    }
  }
  let disabled = NO_KEYS;
  if (state.anyDisabled) {
    const keys = new Set<string>();
    const visited = new Set<Loaded>();
    for (let i = 0; i < top.length; i++) gatherDisabled(ctx, top[i]!, visited, keys);
    disabled = keys;
  }
  const out: Loaded[] = [];
  // Without a key met twice every loaded module is in the walk once: no set of emitted keys.
  const emitted = state.shared ? new Set<string>() : undefined;
  // Breadth-first, with a read index rather than shift() (which copies the queue each time).
  const queue = disabled.size === 0 ? top : top.filter((l) => !disabled.has(l.key));
  for (let at = 0; at < queue.length; at++) {
    const l = queue[at]!;
    if (emitted) {
      if (emitted.has(l.key)) continue;
      emitted.add(l.key);
    }
    out.push(l);
    for (let i = 0; i < l.children.length; i++) if (disabled.size === 0 || !disabled.has(l.children[i]!.key)) queue.push(l.children[i]!);
  }
  if (cls !== undefined) {
    for (const l of out) {
      if (l.class !== undefined && l.class !== cls) {
        throw new InvalidModuleError(msg.wrongClass(l.file === "<unknown-file>" ? l.key : l.file, l.class, cls), { files: [l.file] });
      }
    }
  }
  return out.reverse();
}
