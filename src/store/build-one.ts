import { lstatSync, mkdirSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Builder, BuildContext } from "./builder.ts";
import type { PathInfo } from "./database.ts";
import type { Derivation } from "./derivation.ts";
import { BuildFailedError, HashMismatchError } from "./errors.ts";
import { finaliseOutput, removeTree } from "./finalise-output.ts";
import { fsyncDir } from "../atomic-files.ts";
import { acquireLock } from "./lock.ts";
import { narHash, sha256File } from "./nar.ts";
import { isTempOf, scratchName, tempOutName } from "./temp-names.ts";
import { tryParseStorePath } from "./store-dirs.ts";
import type { Store } from "./store.ts";

const LOG_TAIL_LINES = 25;

/**
 * Realises one derivation whose inputs are valid: under the path's lock, builds into temporaries
 * in the store dir, makes the result read-only, scans references, renames it into place and
 * registers it. Returns false when another process made the path valid while we waited.
 *
 * Crash safety: until the rename nothing is at the out path; between rename and registration the
 * path exists unregistered, which every reader treats as absent and which the next holder of the
 * lock (or GC) deletes.
 */
export async function buildOne(store: Store, drv: Derivation, builder: Builder, log: (line: string) => void): Promise<boolean> {
  const lock = await acquireLock(join(store.stateDir, "locks", `${drv.hash}.lock`), "exclusive");
  const scratch = join(store.storeDir, scratchName(drv));
  const out = join(store.storeDir, tempOutName(drv));
  try {
    if (store.isValid(drv.outPath)) return false;
    cleanLeftovers(store, drv);
    mkdirSync(scratch);
    const tail: string[] = [];
    const ctx: BuildContext = {
      out,
      drv,
      store,
      tmpDir: scratch,
      inputPath: (d) => d.outPath,
      log(msg) {
        for (const line of msg.split("\n")) {
          tail.push(line);
          if (tail.length > LOG_TAIL_LINES) tail.shift();
          log(line);
        }
      },
    };
    try {
      await builder.build(ctx);
      if (!exists(out)) throw new Error("the builder produced no output");
    } catch (error) {
      if (error instanceof HashMismatchError) throw error;
      throw new BuildFailedError(drv.outPath, drv.kind, (error as Error).message ?? String(error), tail.join("\n"), { cause: error });
    }
    const candidates = new Set(store.closure(drv.inputs.map((d) => d.outPath)).map((p) => hashOf(store, p)));
    candidates.add(drv.hash);
    const found = finaliseOutput(out, candidates);
    const nar = narHash(out);
    const ca = checkFixedOutput(drv, out, nar.sha256);
    renameSync(out, drv.outPath);
    fsyncDir(store.storeDir);
    const references = [...found].map((h) => (h === drv.hash ? drv.outPath : pathOfHash(store, h, drv))).sort();
    const info: PathInfo = {
      path: drv.outPath,
      narHash: nar.sha256,
      narSize: nar.size,
      references,
      deriver: `${drv.kind}@${drv.version}`,
      registrationTime: Math.floor(Date.now() / 1000),
      ...(ca ? { ca } : {}),
    };
    store.db.register(info);
    return true;
  } finally {
    removeTree(scratch);
    removeTree(out);
    await lock.release();
  }
}

/** Deletes what a crashed build of this path left: its temporaries and an unregistered out path. */
function cleanLeftovers(store: Store, drv: Derivation): void {
  for (const entry of readdirSync(store.storeDir)) if (isTempOf(entry, drv.hash)) removeTree(join(store.storeDir, entry));
  if (exists(drv.outPath)) removeTree(drv.outPath);
}

function checkFixedOutput(drv: Derivation, out: string, narSha256: string): string | undefined {
  if (!drv.fixedOutputSha256) return undefined;
  let actual: string;
  if (drv.fixedOutputMode === "recursive") actual = narSha256;
  else {
    if (!lstatSync(out).isFile()) throw new HashMismatchError(`${drv.outPath} (a flat fixed output must be one regular file)`, drv.fixedOutputSha256, "(not a file)");
    actual = sha256File(out);
  }
  if (actual !== drv.fixedOutputSha256) throw new HashMismatchError(drv.outPath, drv.fixedOutputSha256, actual);
  return `fixed:${drv.fixedOutputMode}:sha256:${actual}`;
}

function hashOf(store: Store, path: string): string {
  return tryParseStorePath(store.storeDir, path)!.hash;
}

function pathOfHash(store: Store, hash: string, drv: Derivation): string {
  const info = store.db.getByHash(hash);
  if (!info) throw new Error(`internal: reference ${hash} of ${drv.outPath} has no registration`);
  return info.path;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
