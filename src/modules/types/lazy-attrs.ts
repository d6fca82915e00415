/** Objects whose values are computed on first read, yet behave as plain objects. */
import { guardedRead, tracked } from "../engine.ts";
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
  for (const key of keys) {
    let done = false;
    let cached: unknown;
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get() {
        if (done) return cached;
        return guardedRead(locOf(key), () => {
          // Memoise only a final value: one computed from a module still running may change.
          const r = tracked(() => compute(key));
          if (r.final) {
            cached = r.value;
            done = true;
          }
          return r.value;
        });
      },
    });
  }
  return out;
}
