import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { acquireLock } from "./lock.ts";
import { slowBuilder, slowDerivation } from "./test-support/slow-builder.ts";
import { makeTempStore } from "./test-support/temp-store.ts";

const t = makeTempStore();
after(() => t.cleanup());
t.store.registerBuilder(slowBuilder);
const child = join(import.meta.dirname, "test-support", "realise-child.ts");

function startChild(work: string, slowMs: number): { proc: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const proc = spawn(process.execPath, ["--import", "tsx", child, t.storeDir, t.stateDir, work], {
    env: { ...process.env, KEEL_TEST_SLOW: String(slowMs) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  proc.stdout!.on("data", (b) => (stdout += b));
  proc.stderr!.on("data", (b) => (stderr += b));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    proc.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { proc, done };
}

function pgrep(pattern: string): string {
  return spawnSync("pgrep", ["-f", pattern], { encoding: "utf8" }).stdout.trim();
}

async function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("crash safety and concurrency (separate processes)", () => {
  test("kill -9 during a build leaves no visible or registered path; the next run succeeds", async () => {
    const work = join(t.root, "kill");
    mkdirSync(work);
    const drv = slowDerivation(t.store, work);
    const { proc, done } = startChild(work, 200);
    await waitFor(() => existsSync(join(work, "started")));
    // Mid-build: temporaries exist in the store dir, the out path does not.
    assert.ok(readdirSync(t.storeDir).some((n) => n.startsWith(".")), "a build temporary should exist mid-build");
    proc.kill("SIGKILL");
    const result = await done;
    assert.equal(result.code, null);
    assert.equal(existsSync(drv.outPath), false);
    assert.equal(t.store.isValid(drv.outPath), false);
    assert.equal(t.store.queryPathInfo(drv.outPath), undefined);
    // The dead process's lock helper saw its pipe close and the kernel dropped the path's lock.
    const lock = await Promise.race([
      acquireLock(join(t.stateDir, "locks", `${drv.hash}.lock`), "exclusive"),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the killed build's lock is still held")), 5000)),
    ]);
    await lock.release();

    // The next run takes the (kernel-released) lock, cleans the leftovers and builds.
    const [path] = await t.store.realise(drv);
    assert.equal(path, drv.outPath);
    assert.equal(readdirSync(drv.outPath).length, 20);
    assert.deepEqual(readdirSync(t.storeDir).filter((n) => n.startsWith(".")), []);
    assert.equal(readFileSync(join(work, "builds"), "utf8").trim().split("\n").length, 2);
  });

  test("two processes realising one path both succeed and it is built once", async () => {
    const work = join(t.root, "race");
    mkdirSync(work);
    const drv = slowDerivation(t.store, work);
    const a = startChild(work, 30);
    const b = startChild(work, 30);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    assert.equal(ra.stdout.trim(), drv.outPath);
    assert.equal(rb.stdout.trim(), drv.outPath);
    assert.equal(readFileSync(join(work, "builds"), "utf8").trim().split("\n").length, 1, "the builder ran once");
    assert.ok(t.store.isValid(drv.outPath));
    assert.deepEqual(readdirSync(t.storeDir).filter((n) => n.includes(drv.hash.slice(0, 10))), [`${drv.hash}-slow-output`]);
    assert.deepEqual(readdirSync(t.storeDir).filter((n) => n.startsWith(".")), []);
  });

  test("a crash between rename and registration leaves an invisible path that the next build replaces", async () => {
    const drv = t.store.writeText("half-done", "x");
    // Simulate the window: the path is in place but was never registered.
    mkdirSync(drv.outPath);
    assert.equal(t.store.isValid(drv.outPath), false);
    await t.store.realise(drv);
    assert.equal(readFileSync(drv.outPath, "utf8"), "x");
  });

  test("a killed sandboxed command dies with its parent", { skip: process.env.KEEL_SANDBOX === "none" }, async () => {
    // bwrap --die-with-parent: no orphaned build keeps writing after Keel dies.
    const script = `
      import { openStore } from ${JSON.stringify(join(import.meta.dirname, "store.ts"))};
      const store = openStore({ storeDir: ${JSON.stringify(t.storeDir)}, stateDir: ${JSON.stringify(t.stateDir)}, systemRoots: [] });
      await store.realise(store.runCommand("orphan", { script: "echo started; sleep 2; echo late > /build/late; exit 1" }), { onEvent: (e) => e.type === "log" && console.log(e.line) });
    `;
    const proc = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    proc.stdout.on("data", (b) => (out += b));
    await waitFor(() => out.includes("started"));
    proc.kill("SIGKILL");
    await new Promise((r) => proc.on("close", r));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(pgrep("sleep 2; echo late"), "", "the build's processes should be gone");
  });
  test("GC waits for a realisation running in another process instead of deleting its temporaries", async () => {
    const work = join(t.root, "gc-wait");
    mkdirSync(work);
    const { done } = startChild(work, 60);
    await waitFor(() => existsSync(join(work, "started")));
    let gcFinished = false;
    const gc = t.store.gc().then((r) => {
      gcFinished = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(gcFinished, false, "GC must wait for the running build");
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    const report = await gc;
    // The build completed whole; only afterwards did GC (no roots) collect it.
    assert.ok(report.deleted.includes(result.stdout.trim()));
    const hash = slowDerivation(t.store, work).hash;
    assert.deepEqual(report.tempsRemoved.filter((p) => p.includes(hash.slice(0, 10))), []);
  });
});
