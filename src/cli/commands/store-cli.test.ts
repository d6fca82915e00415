import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { makeTempStore } from "../../store/test-support/temp-store.ts";

const t = makeTempStore();
after(() => t.cleanup());
const main = join(import.meta.dirname, "..", "main.ts");

function rebuild(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", main, ...args, "--store-dir", t.storeDir, "--state-dir", t.stateDir], {
    encoding: "utf8",
    env: { ...process.env, KEEL_STORE_DIR: "/nonexistent-flag-must-win" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("rebuild store / rebuild gc", () => {
  const leaf = t.store.writeText("cli-leaf", "leaf");
  const top = t.store.writeText("cli-top", `needs ${leaf}`);
  const junk = t.store.writeText("cli-junk", "unrooted");
  const result = join(t.root, "result");

  test("path-info -r --size follows ./result into the closure", async () => {
    await t.store.realise(top);
    // Made by a process that has exited: this test process's own outputs stay temporary GC roots
    // while it runs (src/store/temp-roots.ts), as a Nix process's do.
    const made = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "..", "..", "store", "test-support", "realise-and-wait.ts"), t.storeDir, t.stateDir, "cli-junk", "unrooted"], { input: "", encoding: "utf8" });
    assert.equal(made.stdout.trim(), junk.outPath, made.stderr);
    t.store.addRoot(result, top.outPath);
    const r = rebuild("store", "path-info", "-r", "--size", result);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.deepEqual(lines.map((l) => l.split(/\s+/)[0]), [leaf.outPath, top.outPath].sort());
    assert.equal(Number(lines[0]!.split(/\s+/)[1]), t.store.queryPathInfo(lines[0]!.split(/\s+/)[0]!)!.narSize);
  });

  test("why-depends prints the chain and the file holding the reference", () => {
    const r = rebuild("store", "why-depends", result, leaf.outPath);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${top.outPath}.*\\n└───${leaf.outPath}`));
    assert.equal(rebuild("store", "why-depends", leaf.outPath, top.outPath).code, 1);
  });

  test("gc --dry-run lists, gc deletes only the unrooted path", () => {
    const dry = rebuild("gc", "--dry-run");
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`would delete '${junk.outPath}'`));
    assert.ok(existsSync(junk.outPath));
    const r = rebuild("gc");
    assert.match(r.stdout, /1 store path deleted, .* freed/);
    assert.equal(existsSync(junk.outPath), false);
    assert.ok(existsSync(top.outPath) && existsSync(leaf.outPath));
  });

  test("verify exits 1 and names a modified path", () => {
    assert.equal(rebuild("store", "verify").code, 0);
    chmodSync(leaf.outPath, 0o644);
    writeFileSync(leaf.outPath, "tampered");
    const r = rebuild("store", "verify");
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`path '${leaf.outPath}' was modified`));
  });

  test("bad input is a clear error, not a stack trace", () => {
    const r = rebuild("gc", "--delete-older-than", "1 month");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: '1 month' is not a period/);
    const p = rebuild("store", "path-info", "/etc/hostname");
    assert.equal(p.code, 1);
    assert.match(p.stderr, /is not a store path/);
  });
});
