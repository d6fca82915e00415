import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertionsModule, checkAssertions, type Evaluated, evalModules } from "../../src/modules/index.ts";
import { createPackageSet, type PackageSet, readLock } from "../../src/packages/index.ts";
import { openStore } from "../../src/store/index.ts";
import { allModules } from "../index.ts";

const repoDir = fileURLToPath(new URL("../..", import.meta.url));
let shared: PackageSet | undefined;

/** The repository's package set over a scratch store: evaluation only, nothing is built. */
export function testPackages(): PackageSet {
  shared ??= createPackageSet({
    store: openStore({ storeDir: mkdtempSync(join(tmpdir(), "keel-modtest-store-")), stateDir: mkdtempSync(join(tmpdir(), "keel-modtest-var-")) }),
    lock: readLock(repoDir),
  });
  return shared;
}

/** Evaluates the whole library with `modules` on top, as a host would be. */
export function evaluateWith(...modules: unknown[]): Evaluated {
  return evalModules({ modules: [...allModules, assertionsModule, ...modules], specialArgs: { pkgs: testPackages() } });
}

/** The failed-assertion messages of an evaluation, or [] when it passes. */
export function failedAssertions(evaluated: Evaluated): string {
  try {
    checkAssertions(evaluated);
    return "";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
