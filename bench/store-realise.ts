// Store throughput: `node --import tsx bench/store-realise.ts [N]`.
// Realises N small text paths, a 200-package buildEnv, a sandboxed command, then verifies and
// collects everything; prints wall times and per-path costs. Figures only: no thresholds here.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../src/store/index.ts";

const n = Number(process.argv[2] ?? 500);
const root = mkdtempSync(join(tmpdir(), "keel-bench-store-"));
const store = openStore({ storeDir: join(root, "store"), stateDir: join(root, "var"), systemRoots: [] });

async function time<T>(label: string, fn: () => Promise<T>, per?: number): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms${per ? `  (${(ms / per).toFixed(2)} ms each)` : ""}`);
  return result;
}

try {
  const texts = await time(`construct ${n} derivations`, async () => Array.from({ length: n }, (_, i) => store.writeText(`t-${i}`, `text ${i}\n`.repeat(100))), n);
  await time(`realise ${n} text paths (fresh)`, () => store.realise(texts), n);
  await time(`realise ${n} text paths (all present)`, () => store.realise(texts), n);
  const pkgs = Array.from({ length: 200 }, (_, i) =>
    store.directory(`pkg-${i}`, Object.fromEntries(Array.from({ length: 20 }, (_, j) => [`share/pkg-${i}/f${j}`, { text: `${i}/${j}` }]).concat([[`bin/tool-${i}`, { text: "#!/bin/sh\n" }]]))),
  );
  await time("realise 200 directories x 21 files", () => store.realise(pkgs), 200);
  await time("realise buildEnv over the 200", () => store.realise(store.buildEnv("env", pkgs)));
  await time("realise one runCommand (sandbox start-up)", () => store.realise(store.runCommand("cmd", { script: "echo hi > $out" })));
  const report = await time("verify the whole store", () => store.verify());
  console.log(`  (${report.checked} paths checked)`);
  const gc = await time("gc everything (no roots)", () => store.gc());
  console.log(`  (${gc.deleted.length} paths deleted)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
