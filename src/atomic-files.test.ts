import assert from "node:assert/strict";
import fs, { mkdirSync, mkdtempSync, readlinkSync, rmSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, mock, test } from "node:test";
import { symlinkAtomic, withBatchedDirSync, writeFileAtomic } from "./atomic-files.ts";

/** Counts fsync calls made through node:fs (named imports included) while `fn` runs. */
function countFsyncs(fn: () => void): number {
  const spy = mock.method(fs, "fsyncSync");
  syncBuiltinESMExports();
  try {
    fn();
    return spy.mock.callCount();
  } finally {
    spy.mock.restore();
    syncBuiltinESMExports();
  }
}

describe("withBatchedDirSync", () => {
  const dir = mkdtempSync(join(tmpdir(), "keel-atomic-"));
  const links = (sub: string, n: number) => {
    mkdirSync(join(dir, sub), { recursive: true });
    for (let i = 0; i < n; i++) symlinkAtomic(`/target-${i}`, join(dir, sub, `link-${i}`));
  };

  test("outside a batch every link syncs its directory", () => {
    assert.equal(countFsyncs(() => links("plain", 20)), 20);
  });

  test("inside a batch each directory is synced once, at the end; links are in place at once", () => {
    const count = countFsyncs(() =>
      withBatchedDirSync(() => {
        links("a", 20);
        links("b", 20);
        assert.equal(readlinkSync(join(dir, "a/link-19")), "/target-19");
      }),
    );
    assert.equal(count, 2);
  });

  test("file contents are still synced before their rename inside a batch", () => {
    const count = countFsyncs(() => withBatchedDirSync(() => writeFileAtomic(join(dir, "c/file"), "x")));
    // The file's own fsync, then its directory's at the end of the batch.
    assert.equal(count, 2);
  });

  test("nested batches sync once, in the outermost", () => {
    const count = countFsyncs(() => withBatchedDirSync(() => withBatchedDirSync(() => links("d", 5))));
    assert.equal(count, 1);
  });

  test("a directory removed before the end is skipped; the batch's own error still reaches the caller", () => {
    assert.doesNotThrow(() =>
      withBatchedDirSync(() => {
        links("gone", 3);
        rmSync(join(dir, "gone"), { recursive: true });
      }),
    );
    assert.throws(
      () =>
        withBatchedDirSync(() => {
          links("e", 2);
          throw new Error("step failed");
        }),
      /step failed/,
    );
    assert.equal(readlinkSync(join(dir, "e/link-1")), "/target-1");
  });
});
