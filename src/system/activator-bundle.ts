import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { resolveCacheDir } from "../packages/index.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const entry = "src/activation/activate-main.ts";
let cached: string | undefined;

interface BundleManifest {
  /** Every source file esbuild read (repo-relative), with the SHA-256 of its contents. */
  inputs: Record<string, string>;
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The cached bundle when none of the files it was built from changed. */
function readCache(dir: string): string | undefined {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BundleManifest;
    for (const [file, hash] of Object.entries(manifest.inputs)) {
      if (sha256(readFileSync(join(repoRoot, file))) !== hash) return undefined;
    }
    return readFileSync(join(dir, "activator.cjs"), "utf8");
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, text: string, inputs: string[]): void {
  mkdirSync(dir, { recursive: true });
  const manifest: BundleManifest = { inputs: Object.fromEntries(inputs.map((f) => [f, sha256(readFileSync(join(repoRoot, f)))])) };
  // The bundle first, then the manifest that vouches for it, each by rename.
  writeFileSync(join(dir, `activator.cjs.${process.pid}`), text);
  renameSync(join(dir, `activator.cjs.${process.pid}`), join(dir, "activator.cjs"));
  writeFileSync(join(dir, `manifest.json.${process.pid}`), JSON.stringify(manifest));
  renameSync(join(dir, `manifest.json.${process.pid}`), join(dir, "manifest.json"));
}

/**
 * Keel's activator as one CommonJS file, for the generation's own Node.js (Debian 12's is 18).
 * Built from this checkout's sources, so the toplevel's hash follows the activator's code; paths
 * in the bundle are relative to the repository, so every checkout produces the same bytes.
 * Bundling takes most of a second, so the result is cached, keyed by its input files' contents.
 */
export function bundleActivator(): string {
  if (cached !== undefined) return cached;
  // The key names the output form too: the manifest vouches only for the sources.
  const cacheDir = join(resolveCacheDir(), "activator", sha256(`${repoRoot}\0cjs`).slice(0, 16));
  const hit = readCache(cacheDir);
  if (hit !== undefined) return (cached = hit);
  const result = buildSync({
    entryPoints: [join(repoRoot, entry)],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: "node",
    target: "node18",
    // CommonJS: the one form a V8 startup snapshot's entry can take (activator-snapshot.ts); the
    // same file is the plain-start fallback. dbus-next's optional X11/abstract-socket helpers are
    // never used for the system bus and stay out of the bundle.
    format: "cjs",
    write: false,
    metafile: true,
    legalComments: "none",
    charset: "utf8",
    external: ["x11", "usocket", "event-stream"],
  });
  const text = result.outputFiles[0]!.text;
  try {
    writeCache(cacheDir, text, Object.keys(result.metafile.inputs));
  } catch {
    // A cache that cannot be written only costs time.
  }
  return (cached = text);
}
