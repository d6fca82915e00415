import { type IndexRecord, parseRelations, type Relation } from "./archive-index.ts";
import { ResolveError } from "./errors.ts";
import { satisfies } from "./version.ts";

/**
 * For each selected package, the selected packages that satisfy its Pre-Depends and Depends: per
 * clause, the first alternative some selected package fulfils (by name and version, or through
 * Provides), which is the choice apt's solver made. Sorted, so the lock is stable.
 */
export function linkDepends(selected: IndexRecord[]): Map<string, string[]> {
  const byName = new Map(selected.map((r) => [r.name, r]));
  const providers = new Map<string, Array<{ pkg: string; version?: string }>>();
  for (const r of selected) {
    for (const clause of parseRelations(r.provides)) {
      for (const p of clause) {
        const list = providers.get(p.name) ?? [];
        list.push(p.version !== undefined ? { pkg: r.name, version: p.version } : { pkg: r.name });
        providers.set(p.name, list);
      }
    }
  }
  const satisfier = (rel: Relation): string | undefined => {
    const real = byName.get(rel.name);
    if (real && (rel.op === undefined || satisfies(real.version, rel.op, rel.version ?? ""))) return real.name;
    for (const p of providers.get(rel.name) ?? []) {
      if (rel.op === undefined) return p.pkg;
      if (p.version !== undefined && satisfies(p.version, rel.op, rel.version ?? "")) return p.pkg;
    }
    return undefined;
  };
  const out = new Map<string, string[]>();
  for (const r of selected) {
    const deps = new Set<string>();
    for (const clause of [...parseRelations(r.preDepends), ...parseRelations(r.depends)]) {
      const hit = clause.map(satisfier).find((x) => x !== undefined);
      if (hit === undefined) {
        throw new ResolveError([r.name], `no package in the resolved set satisfies "${clause.map(show).join(" | ")}" (a dependency of ${r.name} ${r.version}).`);
      }
      if (hit !== r.name) deps.add(hit);
    }
    out.set(r.name, [...deps].sort());
  }
  return out;
}

function show(rel: Relation): string {
  return rel.op !== undefined ? `${rel.name} (${rel.op} ${rel.version})` : rel.name;
}
