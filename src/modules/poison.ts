/**
 * Poison placeholders. Module functions are eager, so while one runs, a read of an option whose
 * value is not known yet (its definitions come from a module still running, it is in a cycle, or
 * it fails) cannot block. The read returns a poison instead: a callable Proxy whose property reads
 * return itself and whose string form is a marker, so the module finishes and its structure is
 * learnt. A definition still containing poison after the module's output has converged makes that
 * option, and only that option, fail with the recorded cause when read (see README.md).
 */
export const POISON = Symbol("keel.poison");

export type PoisonCause =
  /** Read during the structure pass, before any option value exists. */
  | { kind: "structure" }
  /** Reading `path` of some evaluation failed with `error`; `reread` repeats the read. */
  | { kind: "read"; path: readonly string[]; error: unknown; reread: () => unknown };

export interface PoisonInfo {
  readonly id: number;
  readonly cause: PoisonCause;
}

const MARK = "\u0000keel-poison:";
/**
 * Marker id → info, for poisons that survive only inside strings. Weak: an info (whose `reread`
 * holds its whole evaluation) must not outlive the poison, or every evaluation would leak.
 */
const registry = new Map<number, WeakRef<PoisonInfo>>();
const cleanup = new FinalizationRegistry<number>((id) => registry.delete(id));
let nextId = 1;
let created = 0;

/** How many poisons have been made so far: a frame compares it before/after a module call. */
export function poisonCount(): number {
  return created;
}

export function makePoison(cause: PoisonCause): any {
  const info: PoisonInfo = { id: nextId++, cause };
  created++;
  registry.set(info.id, new WeakRef(info));
  cleanup.register(info, info.id);
  const marker = `${MARK}${info.id}\u0000`;
  // The target must stay a function: isAttrs and findPoison rely on `typeof poison === "function"`.
  const proxy: any = new Proxy(poisonTarget(), {
    get(_t, key) {
      if (key === POISON) return info;
      if (key === Symbol.toPrimitive) return (hint: string) => (hint === "number" ? Number.NaN : marker);
      if (key === "toString" || key === "valueOf" || key === "toJSON") return () => marker;
      if (key === Symbol.iterator) return function* () {};
      if (key === "then") return undefined;
      if (typeof key === "symbol") return undefined;
      return proxy;
    },
    // Methods, not arrow properties: tsx's keepNames would wrap each arrow in a defineProperty.
    apply() {
      return proxy;
    },
    construct() {
      return proxy;
    },
    has() {
      return false;
    },
    ownKeys() {
      return [];
    },
    getOwnPropertyDescriptor() {
      return undefined;
    },
    set() {
      return true;
    },
  });
  return proxy;
}

/** A fresh function per poison (an anonymous one: see the handler's comment). */
function poisonTarget(): () => void {
  return () => {};
}

export function poisonOf(value: unknown): PoisonInfo | undefined {
  // A poison is a Proxy over a function: an object never is one (and a symbol lookup on every
  // module and definition object was a visible cost).
  if (typeof value === "function") {
    try {
      return (value as { [POISON]?: PoisonInfo })[POISON];
    } catch {
      return undefined;
    }
  }
  if (typeof value === "string") return poisonInString(value);
  return undefined;
}

function poisonInString(s: string): PoisonInfo | undefined {
  const at = s.indexOf(MARK);
  if (at < 0) return undefined;
  const end = s.indexOf("\u0000", at + MARK.length);
  // A marker whose poison is gone still marks the string as unknown.
  return registry.get(Number(s.slice(at + MARK.length, end)))?.deref() ?? { id: 0, cause: { kind: "structure" } };
}

/** Objects the scan must not walk into (lazy config views would be forced by walking). */
export const OPAQUE = Symbol("keel.opaque");

/**
 * Finds a poison inside a raw definition: walks plain objects, arrays and strings only, never
 * lazy views or class instances (packages), so the scan cannot force anything.
 */
export function findPoison(value: unknown, depth = 0): PoisonInfo | undefined {
  if (depth > 40) return undefined;
  if (typeof value === "string") return poisonInString(value);
  if (typeof value === "number") return undefined;
  if (typeof value === "function") return poisonOf(value);
  // A poison is a Proxy over a function, so an object is never one itself: only its contents.
  if (typeof value !== "object" || value === null) return undefined;
  if ((value as { [OPAQUE]?: boolean })[OPAQUE]) return undefined;
  // Indexed loops: this scans every definition of every computed option, often in cold code.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findPoison(value[i], depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    // A getter is skipped (reading it could force a value); __lookupGetter__ tells without the
    // descriptor object getOwnPropertyDescriptor allocates (it stops at the own property, data or not).
    if (lookupGetter.call(value, key) !== undefined) continue;
    const p = findPoison((value as Record<string, unknown>)[key], depth + 1);
    if (p) return p;
  }
  return undefined;
}

const lookupGetter = (Object.prototype as unknown as { __lookupGetter__(this: object, key: string): (() => unknown) | undefined }).__lookupGetter__;
