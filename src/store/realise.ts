import { availableParallelism } from "node:os";
import { join } from "node:path";
import { buildOne } from "./build-one.ts";
import type { RealiseEvent } from "./builder.ts";
import type { Derivation } from "./derivation.ts";
import { acquireLock } from "./lock.ts";
import { addTempRoots } from "./temp-roots.ts";
import type { Store } from "./store.ts";

export interface RealiseOptions {
  /** How many builds run at once (default: the number of CPUs). */
  readonly jobs?: number;
  readonly onEvent?: (e: RealiseEvent) => void;
}

/**
 * Makes every derivation's output valid, inputs first, up to `jobs` builds at a time. A path
 * already valid is not rebuilt and its inputs are not needed. After the first failure no new
 * build starts; the ones running finish (so none is left half-done) and the first error is thrown.
 *
 * The whole run holds the GC lock shared, so a collection never deletes a path this run is about
 * to use; the outputs then stay temporary roots of this process (temp-roots.ts) until it exits,
 * so one made but not yet rooted by a `result` link or a generation survives a collection too.
 */
export async function realise(store: Store, drvs: readonly Derivation[], opts: RealiseOptions = {}): Promise<string[]> {
  const jobs = Math.max(1, opts.jobs ?? availableParallelism());
  const emit = opts.onEvent ?? (() => {});
  const gcLock = await acquireLock(join(store.stateDir, "gc.lock"), "shared");
  const outPaths = drvs.map((d) => d.outPath);
  if (drvs.every((d) => store.isValid(d.outPath))) {
    try {
      for (const drv of drvs) emit({ type: "present", drv });
      await addTempRoots(store.stateDir, outPaths);
      return outPaths;
    } finally {
      await gcLock.release();
    }
  }
  const scheduled = new Map<string, Promise<void>>();
  const running = new Set<Promise<unknown>>();
  let firstError: unknown;
  let slots = jobs;
  const waiters: (() => void)[] = [];
  const takeSlot = async () => {
    while (slots === 0) await new Promise<void>((r) => waiters.push(r));
    slots--;
  };
  const giveSlot = () => {
    slots++;
    waiters.shift()?.();
  };

  const ensure = (drv: Derivation): Promise<void> => {
    let p = scheduled.get(drv.outPath);
    if (!p) {
      p = (async () => {
        if (store.isValid(drv.outPath)) return emit({ type: "present", drv });
        await Promise.all(drv.inputs.map(ensure));
        await takeSlot();
        try {
          if (firstError !== undefined) throw firstError;
          const fetch = drv.isFixedOutput;
          const started = Date.now();
          emit({ type: fetch ? "fetch-start" : "build-start", drv });
          const work = buildOne(store, drv, store.builderFor(drv.kind), (line) => emit({ type: "log", drv, line }));
          running.add(work);
          try {
            const built = await work;
            if (built) emit({ type: fetch ? "fetch-done" : "build-done", drv, ms: Date.now() - started });
            else emit({ type: "present", drv });
          } catch (error) {
            emit({ type: "build-failed", drv, error: error as Error });
            throw error;
          } finally {
            running.delete(work);
          }
        } catch (error) {
          firstError ??= error;
          throw error;
        } finally {
          giveSlot();
        }
      })();
      // Failures are reported once, through firstError; unobserved branches must not crash Node.
      p.catch(() => {});
      scheduled.set(drv.outPath, p);
    }
    return p;
  };

  try {
    await Promise.allSettled(drvs.map(ensure));
    await Promise.allSettled([...running]);
    if (firstError !== undefined) throw firstError;
    await addTempRoots(store.stateDir, outPaths);
    return outPaths;
  } finally {
    await gcLock.release();
  }
}

/** What `realise` would do, for `--dry-run`: walks inputs only below paths that are missing. */
export function plan(store: Store, drvs: readonly Derivation[]): { toBuild: Derivation[]; toFetch: Derivation[]; present: Derivation[] } {
  const toBuild: Derivation[] = [];
  const toFetch: Derivation[] = [];
  const present: Derivation[] = [];
  const seen = new Set<string>();
  const visit = (drv: Derivation) => {
    if (seen.has(drv.outPath)) return;
    seen.add(drv.outPath);
    if (store.isValid(drv.outPath)) return void present.push(drv);
    for (const input of drv.inputs) visit(input);
    (drv.isFixedOutput ? toFetch : toBuild).push(drv);
  };
  for (const d of drvs) visit(d);
  return { toBuild, toFetch, present };
}
