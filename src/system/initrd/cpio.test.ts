import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { withParentDirectories, writeCpio } from "./cpio.ts";

const entries = withParentDirectories([
  { type: "file", path: "init", data: Buffer.from("#!/bin/sh\necho hi\n"), mode: 0o755 },
  { type: "file", path: "lib/modules/6.1.0/kernel/fs/9p/9p.ko", data: Buffer.from("odd-length") },
  { type: "symlink", path: "bin/sh", target: "busybox" },
]);

test("GNU cpio unpacks the archive with modes, symlinks and parent directories", { skip: spawnSync("cpio", ["--version"]).status !== 0 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "keel-cpio-"));
  const result = spawnSync("cpio", ["-idm", "--quiet"], { cwd: dir, input: writeCpio(entries) });
  assert.equal(result.status, 0, String(result.stderr));
  assert.equal(readFileSync(join(dir, "init"), "utf8"), "#!/bin/sh\necho hi\n");
  assert.equal(statSync(join(dir, "init")).mode & 0o777, 0o755);
  assert.equal(readFileSync(join(dir, "lib/modules/6.1.0/kernel/fs/9p/9p.ko"), "utf8"), "odd-length");
  assert.equal(readlinkSync(join(dir, "bin/sh")), "busybox");
});

test("the same entries in any order give the same bytes", () => {
  assert.ok(writeCpio(entries).equals(writeCpio([...entries].reverse())));
});
