import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../main.ts", import.meta.url));
const rebuild = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", main, ...args], { encoding: "utf8" });

test("`rebuild lock` writes keel.lock in --repo and reports; a typo exits 1 with a suggestion", () => {
  const repo = mkdtempSync(join(tmpdir(), "keel-cli-lock-"));
  const ok = rebuild("lock", "--repo", repo, "hello");
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /keel\.lock: \d+ packages .* for 1 roots/);
  assert.ok(JSON.parse(readFileSync(join(repo, "keel.lock"), "utf8")).packages.hello);
  // Not a terminal: only the final progress line.
  assert.ok(ok.stderr.trim().split("\n").length <= 1, ok.stderr);

  const bad = rebuild("lock", "--repo", repo, "helo");
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^error: could not resolve the Debian packages helo:/);
  assert.match(bad.stderr, /Did you mean "hello"/);
  assert.doesNotMatch(bad.stderr, /internal error/);
});

test("`rebuild lock` with nothing to lock is a usage-level error, and writes nothing", () => {
  const repo = mkdtempSync(join(tmpdir(), "keel-cli-lock-"));
  const result = rebuild("lock", "--repo", repo);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /nothing to lock/);
  assert.equal(existsSync(join(repo, "keel.lock")), false);
});
