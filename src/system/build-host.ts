import { resolve } from "node:path";
import { checkAssertions } from "../modules/index.ts";
import { createProgressDisplay } from "../packages/index.ts";
import type { Derivation, RealiseEvent } from "../store/index.ts";
import { type HostContext, type HostContextOptions, openHostContext } from "./host-context.ts";
import type { BuiltToplevel } from "./toplevel.ts";

export interface BuildHostOptions extends HostContextOptions {
  /** Where the `result` GC root goes; null for none. */
  outLink?: string | null;
  dryRun?: boolean;
  jobs?: number;
  onEvent?: (event: RealiseEvent) => void;
  /** Print download progress to stderr. */
  progress?: boolean;
}

export interface BuildHostResult {
  toplevel: string;
  built: BuiltToplevel;
  warnings: string[];
  context: HostContext;
  /** With dryRun: what would be built and fetched. */
  plan?: { toBuild: Derivation[]; toFetch: Derivation[] };
}

/** Evaluates a host, checks its assertions, and realises its toplevel (or plans it). */
export async function evaluateToplevel(opts: HostContextOptions): Promise<{ context: HostContext; built: BuiltToplevel; warnings: string[] }> {
  const context = await openHostContext(opts);
  // Assertions first: a failing one stops the build before anything reaches the store.
  const warnings = checkAssertions(context.evaluated);
  const built = context.evaluated.config.system.build.keel as BuiltToplevel;
  return { context, built, warnings };
}

export async function buildHost(opts: BuildHostOptions): Promise<BuildHostResult> {
  const { context, built, warnings } = await evaluateToplevel(opts);
  const toplevel = built.toplevel.outPath;
  if (opts.dryRun) {
    const plan = context.store.plan([built.toplevel]);
    return { toplevel, built, warnings, context, plan: { toBuild: plan.toBuild, toFetch: plan.toFetch } };
  }
  if (opts.progress) context.pkgs.setProgress(createProgressDisplay());
  await context.store.realise([built.toplevel], { jobs: opts.jobs, onEvent: opts.onEvent });
  if (opts.outLink !== null) context.store.addRoot(resolve(opts.outLink ?? "result"), toplevel);
  return { toplevel, built, warnings, context };
}
