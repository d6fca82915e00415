import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHost } from "../../src/system/build-host.ts";

const repo = new URL("../..", import.meta.url).pathname;

/**
 * Builds one of test-vms/bootloader-hosts/<name> into the store (the default one, as `rebuild
 * build` does). The hosts live outside hosts/, so a throwaway repository links them in beside
 * the real modules-library and keel.lock.
 */
export async function buildScenarioHost(name: string): Promise<{ toplevel: string; closure: string[] }> {
  const fake = mkdtempSync(join(tmpdir(), "keel-boot-repo-"));
  try {
    symlinkSync(join(repo, "test-vms/bootloader-hosts"), join(fake, "hosts"));
    symlinkSync(join(repo, "modules-library"), join(fake, "modules-library"));
    symlinkSync(join(repo, "keel.lock"), join(fake, "keel.lock"));
    const result = await buildHost({ repoDir: fake, host: name, outLink: null });
    return { toplevel: result.toplevel, closure: result.context.store.closure([result.toplevel]) };
  } finally {
    rmSync(fake, { recursive: true, force: true });
  }
}
