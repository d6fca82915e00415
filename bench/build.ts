/**
 * bench/build: evaluate + build the demo host.
 *   cold      a fresh store (downloads come from the shared cache): unpacking included
 *   no-op     the same build again in a new process: nothing to do (target < 1 s)
 *   changed   one option changed (the SSH port): how many derivations were rebuilt, and which
 * Run: npm run bench:build [-- --keep]   (the store goes to a temp dir under /var/tmp)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync("/var/tmp/keel-bench-build-");
const storeDir = join(work, "store");
const stateDir = join(work, "var");

// A repository whose hosts/ adds a variant of demo with one option changed.
const variantRepo = join(work, "repo");
mkdirSync(join(variantRepo, "hosts/demo-port"), { recursive: true });
for (const entry of ["modules-library", "keel.lock", "src", "package.json", "node_modules", "hosts/demo", "hosts/common"]) {
  mkdirSync(join(variantRepo, entry, ".."), { recursive: true });
  symlinkSync(join(repo, entry), join(variantRepo, entry));
}
writeFileSync(
  join(variantRepo, "hosts/demo-port/default.ts"),
  `import { defineHost } from "../../src/modules/index.ts";
import demo from "../demo/default.ts";
export default defineHost({ imports: [demo], config: { services: { openssh: { ports: [2222] } } } });
`,
);

function build(repoDir: string, host: string): { seconds: number; built: string[] } {
  const start = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [join(repo, "bin/rebuild.js"), "build", "--host", host, "--repo", repoDir, "--store-dir", storeDir, "--state-dir", stateDir, "--no-out-link"],
    { cwd: repoDir, encoding: "utf8", env: { ...process.env, CI: "1" } },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
  const built = r.stderr
    .split("\n")
    .filter((l) => l.startsWith("built "))
    .map((l) => l.replace(/^built (\S+).*/, "$1"));
  return { seconds, built };
}

const cold = build(repo, "demo");
const noop = build(repo, "demo");
const changed = build(variantRepo, "demo-port");
const system = cold.built.filter((n) => !/\d.*-\d|_/.test(n) || /^(etc|system-|initrd|kernel-modules|keel-|unit-script|X-)/.test(n));
console.log(`cold build (fresh store, unpack included): ${cold.seconds.toFixed(1)} s, ${cold.built.length} derivations (${system.length} of them Keel's own)`);
console.log(`no-op rebuild (new process):               ${noop.seconds.toFixed(2)} s, ${noop.built.length} derivations built (target < 1 s)`);
console.log(`one option changed (ssh port):             ${changed.seconds.toFixed(2)} s, ${changed.built.length} derivations rebuilt: ${changed.built.join(", ")}`);
if (!process.argv.includes("--keep")) rmSync(work, { recursive: true, force: true });
