/** Objects whose values are computed on first read, yet behave as plain objects. */
import { engine, guardedRead } from "../engine.ts";
import { OPAQUE } from "../poison.ts";

/**
 * Builds an object with one enumerable getter per key; each memoises its value once computed.
 * Object.keys, spread and JSON.stringify work (they force); unread values are never computed.
 */
export function lazyObject(
  keys: readonly string[],
  compute: (key: string) => unknown,
  locOf: (key: string) => readonly string[] = (k) => [k],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  Object.defineProperty(out, OPAQUE, { value: true, enumerable: false });
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    Object.defineProperty(out, key, { enumerable: true, configurable: true, get: lazyGetter(new LazySlot(key, compute), locOf) });
  }
  return out;
}

/** One key's memo (a class: every attribute of every attrsOf value has one). */
class LazySlot {
  done = false;
  cached: unknown;
  /** Dropped once the value is kept: it holds the whole merge (per-key definitions, merge state). */
  private compute: ((key: string) => unknown) | undefined;
  constructor(
    readonly key: string,
    compute: (key: string) => unknown,
  ) {
    this.compute = compute;
  }

  /**
   * What `tracked(() => compute(key))` does, inlined (no closure or result record per read):
   * memoises only a final value, since one computed from a module still running may change.
   */
  force(): unknown {
    const saved = engine.minDep;
    const savedSoft = engine.soft;
    engine.minDep = Number.POSITIVE_INFINITY;
    engine.soft = false;
    try {
      const value = this.compute!(this.key);
      if (engine.minDep === Number.POSITIVE_INFINITY) {
        this.cached = value;
        this.done = true;
        this.compute = undefined;
      }
      return value;
    } finally {
      engine.soft = savedSoft;
      engine.minDep = Math.min(saved, engine.minDep);
    }
  }
}

// Made by a helper, so the getter is anonymous (tsx's keepNames wraps named closures).
function lazyGetter(slot: LazySlot, locOf: (key: string) => readonly string[]): () => unknown {
  return () => {
    if (slot.done) return slot.cached;
    // Outside module code a read is hard: what guardedRead does then, without its closure.
    if (!engine.soft) return slot.force();
    return guardedRead(locOf(slot.key), () => slot.force());
  };
}
