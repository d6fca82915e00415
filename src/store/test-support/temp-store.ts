import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../store.ts";

/** A fresh store + state dir in a temp dir, with system roots pointed inside it too. */
export interface TempStore {
  readonly root: string;
  readonly store: Store;
  readonly storeDir: string;
  readonly stateDir: string;
  /** Opens another Store object on the same dirs (a second "process" view). */
  reopen(): Store;
  cleanup(): void;
}

export function makeTempStore(): TempStore {
  const root = mkdtempSync(join(tmpdir(), "keel-store-test-"));
  const storeDir = join(root, "store");
  const stateDir = join(root, "var");
  const systemRoots = [join(root, "run", "current-system"), join(root, "run", "booted-system")];
  const reopen = () => openStore({ storeDir, stateDir, systemRoots });
  return {
    root,
    storeDir,
    stateDir,
    store: reopen(),
    reopen,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
