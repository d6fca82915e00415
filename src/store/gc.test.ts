import assert from "node:assert/strict";
import { existsSync, lutimesSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, beforeEach, describe, test } from "node:test";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { listGenerations } from "./generations.ts";
import { makeTempStore } from "./test-support/temp-store.ts";

const t = makeTempStore();
after(() => t.cleanup());
const { store } = t;
const profiles = join(t.stateDir, "profiles");

/** A small closure: top → mid → leaf, plus a self-contained extra path. */
async function closure(tag: string) {
  const leaf = store.writeText(`leaf-${tag}`, "leaf");
  const mid = store.writeText(`mid-${tag}`, `uses ${leaf}`);
  const top = store.directory(`top-${tag}`, { "bin/x": { symlink: `${mid}` } });
  await store.realise(top);
  return { leaf, mid, top };
}

function addGeneration(n: number, target: string, ageDays: number, now: Date) {
  mkdirSync(profiles, { recursive: true });
  const link = join(profiles, `system-${n}-link`);
  symlinkSync(target, link);
  const time = new Date(now.getTime() - ageDays * 86_400_000);
  lutimesSync(link, time, time);
}

describe("garbage collection", () => {
  beforeEach(async () => {
    rmSync(profiles, { recursive: true, force: true });
    rmSync(join(t.stateDir, "gcroots"), { recursive: true, force: true });
    rmSync(join(t.root, "run"), { recursive: true, force: true });
    await store.gc();
  });

  test("keeps everything a root reaches, following references, and deletes the rest", async () => {
    const kept = await closure("kept");
    const dead = await closure("dead");
    mkdirSync(join(t.stateDir, "gcroots"), { recursive: true });
    symlinkSync(kept.top.outPath, join(t.stateDir, "gcroots", "pinned"));
    const dry = await store.gc({ dryRun: true });
    assert.deepEqual([...dry.deleted].sort(), [dead.leaf, dead.mid, dead.top].map(String).sort());
    assert.ok(existsSync(dead.top.outPath), "dry run deletes nothing");

    const report = await store.gc();
    assert.deepEqual(report.deleted[0], dead.top.outPath, "referrers go first");
    assert.deepEqual([...report.deleted].sort(), [dead.leaf, dead.mid, dead.top].map(String).sort());
    assert.ok(report.freedBytes > 0);
    for (const d of Object.values(kept)) assert.ok(store.isValid(d.outPath), `${d} is reachable and must stay`);
    for (const d of Object.values(dead)) {
      assert.equal(existsSync(d.outPath), false);
      assert.equal(store.queryPathInfo(d.outPath), undefined);
    }
    const verify = await store.verify();
    assert.ok(verify.ok, JSON.stringify(verify));
  });

  test("profiles, system links and indirect result links are roots", async () => {
    const viaProfile = await closure("profile");
    const viaCurrent = await closure("current");
    const viaResult = await closure("result");
    const gone = await closure("gone");
    addGeneration(1, viaProfile.top.outPath, 0, new Date());
    symlinkSync("system-1-link", join(profiles, "system"));
    mkdirSync(join(t.root, "run"), { recursive: true });
    symlinkSync(viaCurrent.top.outPath, join(t.root, "run", "current-system"));
    const result = join(t.root, "result");
    store.addRoot(result, viaResult.top.outPath);
    const resultGone = join(t.root, "result-gone");
    store.addRoot(resultGone, gone.top.outPath);
    rmSync(resultGone);

    const report = await store.gc();
    for (const c of [viaProfile, viaCurrent, viaResult]) for (const d of Object.values(c)) assert.ok(store.isValid(d.outPath), `${d} must stay`);
    assert.deepEqual([...report.deleted].sort(), [gone.leaf, gone.mid, gone.top].map(String).sort());
    assert.ok(report.roots.some((r) => r.link === join(t.root, "run", "current-system")));

    // Dropping the result link drops the root.
    rmSync(result);
    const again = await store.gc();
    assert.ok(again.deleted.includes(viaResult.top.outPath));
  });

  test("--delete-older-than removes old generations, never the current one nor the one current at the cutoff", async () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const gens = [await closure("g1"), await closure("g2"), await closure("g3"), await closure("g4"), await closure("g5")];
    addGeneration(1, gens[0]!.top.outPath, 90, now);
    addGeneration(2, gens[1]!.top.outPath, 60, now); // current (after a rollback)
    addGeneration(3, gens[2]!.top.outPath, 45, now);
    addGeneration(4, gens[3]!.top.outPath, 40, now); // newest older than 30 days: was current at the cutoff
    addGeneration(5, gens[4]!.top.outPath, 5, now);
    symlinkSync("system-2-link", join(profiles, "system"));

    const dry = await store.gc({ deleteOlderThan: "30d", now, dryRun: true });
    assert.deepEqual(dry.deletedGenerations, [join(profiles, "system-1-link"), join(profiles, "system-3-link")]);
    assert.ok(dry.deleted.includes(gens[0]!.top.outPath));
    assert.equal(listGenerations(profiles).length, 5, "dry run keeps generations");

    const report = await store.gc({ deleteOlderThan: "30d", now });
    assert.deepEqual(listGenerations(profiles).map((g) => g.number), [2, 4, 5]);
    assert.equal(store.isValid(gens[0]!.top.outPath), false);
    assert.equal(store.isValid(gens[2]!.top.outPath), false);
    for (const i of [1, 3, 4]) assert.ok(store.isValid(gens[i]!.top.outPath));
    assert.equal(report.deletedGenerations.length, 2);
    await assert.rejects(store.gc({ deleteOlderThan: "1 month" }), { code: "invalid-period" });
  });

  test("temporaries and unregistered paths left by crashes are removed", async () => {
    const stray = join(t.storeDir, `${"a".repeat(32)}-stray`);
    mkdirSync(stray);
    const temp = join(t.storeDir, `.tmp-${"b".repeat(32)}-abcdef`);
    mkdirSync(temp);
    const report = await store.gc();
    assert.ok(report.deleted.includes(stray));
    assert.ok(report.tempsRemoved.includes(temp));
    assert.equal(existsSync(stray) || existsSync(temp), false);
  });
});

describe("verify and why-depends", () => {
  test("verify reports a modified file and a missing path", async () => {
    const { leaf, mid, top } = await closure("verify");
    assert.ok((await store.verify()).ok);
    const { chmodSync, writeFileSync } = await import("node:fs");
    chmodSync(leaf.outPath, 0o644);
    writeFileSync(leaf.outPath, "tampered");
    rmSync(mid.outPath);
    const report = await store.verify();
    assert.equal(report.ok, false);
    assert.deepEqual(report.changed.map((c) => c.path), [leaf.outPath]);
    assert.deepEqual(report.missing, [mid.outPath]);
    assert.ok(store.isValid(top.outPath));
    // Restore a consistent store for the next tests.
    store.db.unregister(leaf.outPath);
    store.db.unregister(mid.outPath);
    store.db.unregister(top.outPath);
  });

  test("why-depends gives the shortest chain, or all chains", async () => {
    const leaf = store.writeText("wd-leaf", "leaf");
    const a = store.writeText("wd-a", `${leaf}`);
    const b = store.writeText("wd-b", `${a}`);
    const top = store.writeText("wd-top", `${a} ${b}`);
    await store.realise(top);
    assert.deepEqual(store.whyDepends(top.outPath, leaf.outPath), [[top.outPath, a.outPath, leaf.outPath]]);
    assert.deepEqual(
      store.whyDepends(top.outPath, leaf.outPath, { all: true }).sort(),
      [
        [top.outPath, a.outPath, leaf.outPath],
        [top.outPath, b.outPath, a.outPath, leaf.outPath],
      ].sort(),
    );
    assert.deepEqual(store.whyDepends(leaf.outPath, top.outPath), []);
  });

  test("paths another live process realised are temporary roots until it exits", async () => {
    const helper = join(import.meta.dirname, "test-support", "realise-and-wait.ts");
    const child = spawn(process.execPath, ["--import", "tsx", helper, t.storeDir, t.stateDir, "temp-rooted"], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    while (!out.includes("\n")) await once(child.stdout, "data");
    const path = out.trim();
    const tempFile = join(t.stateDir, "temproots", String(child.pid));

    const whileAlive = await store.gc();
    assert.ok(store.isValid(path), "a live process's fresh, unrooted output survives a collection");
    assert.ok(!whileAlive.deleted.includes(path));
    assert.ok(whileAlive.roots.some((r) => r.link === tempFile && r.storePath === path), JSON.stringify(whileAlive.roots));

    child.stdin.end();
    await once(child, "exit");
    const dry = await store.gc({ dryRun: true });
    assert.ok(dry.deleted.includes(path));
    assert.ok(existsSync(tempFile), "a dry run leaves the stale file");
    const after = await store.gc();
    assert.ok(after.deleted.includes(path), "once the process has exited its paths are garbage");
    assert.equal(existsSync(tempFile), false, "and its stale temporary-roots file is removed");
  });
});
