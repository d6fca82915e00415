#!/usr/bin/env node
// Runs every *.test.ts with node's own test runner through tsx. Node 20's `--test` takes no
// globs, so the files are listed here. Arguments filter by substring: `node scripts/run-tests.mjs store`.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const roots = ["src", "modules-library", "hosts", "test-vms"];
const skip = new Set(["node_modules", ".git", "fixtures"]);

function findTests(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(findTests(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = roots
  .flatMap((r) => findTests(join(root, r)))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(" ") || "(all)"}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
