import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { acquireLock } from "./lock.ts";

const dir = mkdtempSync(join(tmpdir(), "keel-lock-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("locks", () => {
  test("exclusive locks exclude each other in one process; release hands over", async () => {
    const path = join(dir, "a.lock");
    const first = await acquireLock(path, "exclusive");
    let second = false;
    const waiting = acquireLock(path, "exclusive").then((l) => {
      second = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(second, false, "the second locker must wait");
    await first.release();
    const l2 = await waiting;
    assert.equal(second, true);
    await l2.release();
  });

  test("shared locks coexist and keep an exclusive one out", async () => {
    const path = join(dir, "gc.lock");
    const s1 = await acquireLock(path, "shared");
    const s2 = await acquireLock(path, "shared");
    let exclusive = false;
    const x = acquireLock(path, "exclusive").then((l) => {
      exclusive = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(exclusive, false);
    await s1.release();
    await s2.release();
    await (await x).release();
    assert.equal(exclusive, true);
  });

  test("a lock held by another process blocks us until that process is killed", async () => {
    const path = join(dir, "b.lock");
    const holder = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e",
      `import { acquireLock } from ${JSON.stringify(join(import.meta.dirname, "lock.ts"))};
       await acquireLock(${JSON.stringify(path)}, "exclusive"); console.log("held"); setInterval(() => {}, 1000);`], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((r) => holder.stdout.on("data", (b) => String(b).includes("held") && r()));
    let got = false;
    const waiting = acquireLock(path, "exclusive").then((l) => {
      got = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(got, false, "another process holds it");
    holder.kill("SIGKILL");
    const l = await waiting;
    assert.equal(got, true);
    await l.release();
  });
});
