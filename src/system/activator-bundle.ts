import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
let cached: string | undefined;

/**
 * Keel's activator as one JavaScript file, for the generation's own Node.js (Debian 12's is 18).
 * Built from this checkout's sources, so the toplevel's hash follows the activator's code; paths
 * in the bundle are relative to the repository, so every checkout produces the same bytes.
 */
export function bundleActivator(): string {
  if (cached !== undefined) return cached;
  const result = buildSync({
    entryPoints: [`${repoRoot}/src/activation/activate-main.ts`],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: "node",
    target: "node18",
    format: "esm",
    write: false,
    legalComments: "none",
    charset: "utf8",
  });
  cached = result.outputFiles[0]!.text;
  return cached;
}
