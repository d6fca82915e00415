/**
 * JSON with object keys sorted at every level, so the same value always serialises to the same
 * bytes (derivation hashes depend on it). Rejects what JSON would silently change.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value, "$"));
}

function normalise(value: unknown, where: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`derivation arguments: ${where} is ${value}, which JSON cannot hold`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => normalise(v, `${where}[${i}]`));
  if (typeof value === "object") {
    // Derivations (and anything else with a string form meant for interpolation) stand for their path.
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return String(value);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      out[key] = normalise(v, `${where}.${key}`);
    }
    return out;
  }
  throw new TypeError(`derivation arguments: ${where} is a ${typeof value}, which JSON cannot hold`);
}
