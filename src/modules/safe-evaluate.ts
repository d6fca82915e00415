/**
 * Collects every issue of an evaluation instead of stopping at the first (zod's `safeParse`
 * beside `parse`): forces each option, records each module error, and reports them all.
 */
import type { Evaluated } from "./eval-modules.ts";
import { ModuleError } from "./errors.ts";
import { isAttrs } from "./values.ts";

export type SafeResult = { ok: true; config: unknown } | { ok: false; issues: ModuleError[] };

function force(value: unknown, issues: ModuleError[], seen: Set<unknown>, depth: number): void {
  if (!isAttrs(value) || seen.has(value) || depth > 30) return;
  seen.add(value);
  for (const key of Object.keys(value)) {
    let v: unknown;
    try {
      v = value[key];
    } catch (e) {
      if (!(e instanceof ModuleError)) throw e;
      issues.push(e);
      continue;
    }
    force(v, issues, seen, depth + 1);
  }
}

/** Every option value forced; module errors are collected (other errors are bugs and propagate). */
export function safeEvaluate(evaluated: Evaluated): SafeResult {
  const issues: ModuleError[] = [];
  let config: unknown;
  try {
    config = evaluated.config;
  } catch (e) {
    if (!(e instanceof ModuleError)) throw e;
    return { ok: false, issues: [e] };
  }
  force(config, issues, new Set(), 0);
  return issues.length === 0 ? { ok: true, config } : { ok: false, issues };
}
