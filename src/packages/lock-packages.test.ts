import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ResolveError } from "./errors.ts";
import { LockFileError } from "./errors.ts";
import { readLock } from "./lock.ts";
import { lockPackages } from "./lock-packages.ts";

// Against the real archive in this machine's apt sources, through the shared download cache.
describe("lockPackages (real archive)", () => {
  const repoDir = mkdtempSync(join(tmpdir(), "keel-lock-"));

  test("locks hello with its dependency closure, programs and pinned suites", async () => {
    const lock = await lockPackages({ repoDir, names: ["hello"] });
    assert.deepEqual(lock.roots, ["hello"]);
    assert.equal(lock.essential, false);
    const hello = lock.packages.hello;
    assert.ok(hello, "hello is locked");
    assert.match(hello.filename, /^pool\/main\/h\/hello\/hello_.*_amd64\.deb$/);
    assert.match(hello.sha256, /^[0-9a-f]{64}$/);
    assert.ok(hello.depends.includes("libc6"));
    assert.ok(hello.programs.includes("usr/bin/hello"));
    // Dependencies are closed over and the libc6 <-> libgcc-s1 cycle is recorded as the archive has it.
    for (const [name, pkg] of Object.entries(lock.packages)) {
      for (const dep of pkg.depends) assert.ok(lock.packages[dep], `${name} depends on ${dep}, which is locked`);
    }
    assert.ok(lock.packages.libc6?.depends.includes("libgcc-s1"));
    assert.ok(lock.packages["libgcc-s1"]?.depends.includes("libc6"));
    for (const suite of ["bookworm", "bookworm-updates", "bookworm-security"]) {
      assert.match(lock.suites[suite]?.release ?? "", /^[0-9a-f]{64}$/, `${suite} Release pinned`);
    }
    assert.deepEqual(readLock(repoDir), lock);
    // Not a Keel checkout: no generated type file next to it.
    assert.equal(existsSync(join(repoDir, "src")), false);
  });

  test("re-locking without --update reuses the pinned archive state byte for byte", async () => {
    const before = readFileSync(join(repoDir, "keel.lock"), "utf8");
    await lockPackages({ repoDir, names: [] });
    assert.equal(readFileSync(join(repoDir, "keel.lock"), "utf8"), before);
    // Keys are sorted, so the rendering is stable.
    const keys = Object.keys(JSON.parse(before).packages);
    assert.deepEqual(keys, [...keys].sort());
  });

  test("adding a package keeps the roots and the pinned Releases", async () => {
    const before = readLock(repoDir);
    const lock = await lockPackages({ repoDir, names: ["dash"] });
    assert.deepEqual(lock.roots, ["dash", "hello"]);
    assert.deepEqual(lock.suites, before.suites);
    assert.ok(lock.packages.dash?.programs.includes("bin/sh"));
  });

  test("an unknown name is refused with a suggestion, and the lock is untouched", async () => {
    const before = readFileSync(join(repoDir, "keel.lock"), "utf8");
    await assert.rejects(lockPackages({ repoDir, names: ["helo"] }), (e: unknown) => {
      assert.ok(e instanceof ResolveError);
      assert.match(e.message, /"helo" is not a package in Debian bookworm/);
      assert.match(e.message, /Did you mean "hello"/);
      return true;
    });
    assert.equal(readFileSync(join(repoDir, "keel.lock"), "utf8"), before);
  });

  test("--essential adds every Essential: yes package and remembers it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-lock-"));
    const lock = await lockPackages({ repoDir: dir, names: ["hello"], essential: true });
    for (const name of ["base-files", "bash", "coreutils", "dash", "dpkg", "login", "util-linux", "tar"]) {
      assert.equal(lock.packages[name]?.essential, true, `${name} locked as Essential`);
    }
    assert.equal((await lockPackages({ repoDir: dir, names: [] })).essential, true);
  });

  test("a malformed lock is a clear error naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-lock-"));
    writeFileSync(join(dir, "keel.lock"), '{"version": 1, "packages": {}}');
    assert.throws(() => readLock(dir), (e: unknown) => e instanceof LockFileError && e.message.includes(join(dir, "keel.lock")));
    await assert.rejects(lockPackages({ repoDir: dir, names: ["hello"] }), LockFileError);
  });
});
