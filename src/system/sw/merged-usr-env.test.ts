import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readlinkSync, realpathSync, symlinkSync, writeFileSync, lstatSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { mergeUsrTrees, writeTree } from "./merged-usr-env.ts";
import { PathCollisionError } from "./symlink-tree.ts";

function makePackage(root: string, name: string, files: Record<string, string | { link: string }>): string {
  const dir = join(root, name);
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(join(path, ".."), { recursive: true });
    if (typeof content === "string") writeFileSync(path, content);
    else symlinkSync(content.link, path);
  }
  return dir;
}

test("merges /bin and /usr/bin of several packages into one sw/bin, keeping package symlinks as they are", () => {
  const root = mkdtempSync(join(tmpdir(), "keel-sw-"));
  const coreutils = makePackage(root, "coreutils", { "bin/ls": "ls", "usr/bin/env": "env", "usr/share/doc/coreutils/README": "doc" });
  const libc = makePackage(root, "libc6", {
    "lib/x86_64-linux-gnu/libc.so.6": "libc",
    "lib64/ld-linux-x86-64.so.2": { link: "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" },
    "usr/share/doc/libc6/README": "doc",
    "etc/ld.so.conf": "ignored",
  });
  const tree = mergeUsrTrees(
    [
      { label: "coreutils", path: coreutils },
      { label: "libc6", path: libc },
    ],
    { ignoreCollisions: false },
  );
  const out = join(root, "sw");
  writeTree(out, tree);
  assert.equal(readFileSync(join(out, "bin/ls"), "utf8"), "ls");
  assert.equal(readFileSync(join(out, "bin/env"), "utf8"), "env");
  // A directory only one package provides is one link to that package's directory.
  assert.equal(readlinkSync(join(out, "lib")), join(libc, "lib"));
  // The package's own absolute symlink is linked to, not followed: it keeps its target.
  assert.equal(readlinkSync(readlinkSync(join(out, "lib64"))+"/ld-linux-x86-64.so.2"), "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
  // share/doc is split into a real directory because both packages add to it.
  assert.ok(lstatSync(join(out, "share/doc")).isDirectory());
  assert.equal(realpathSync(join(out, "share/doc/libc6")), realpathSync(join(libc, "usr/share/doc/libc6")));
  assert.throws(() => lstatSync(join(out, "etc")), /ENOENT/);
});

test("identical files from two packages are fine; different ones name both packages", () => {
  const root = mkdtempSync(join(tmpdir(), "keel-sw-"));
  const a = makePackage(root, "a", { "usr/bin/tool": "same", "bin/x": "one" });
  const b = makePackage(root, "b", { "usr/bin/tool": "same", "usr/bin/x": "two" });
  assert.throws(
    () => mergeUsrTrees([{ label: "a 1.0", path: a }, { label: "b 2.0", path: b }], { ignoreCollisions: false }),
    (e: unknown) => {
      assert.ok(e instanceof PathCollisionError);
      assert.equal(e.relativePath, "bin/x");
      assert.match(e.message, /a 1.0/);
      assert.match(e.message, /b 2.0/);
      return true;
    },
  );
  const tree = mergeUsrTrees([{ label: "a", path: a }, { label: "b", path: b }], { ignoreCollisions: true });
  const out = join(root, "sw");
  writeTree(out, tree);
  assert.equal(readFileSync(join(out, "bin/x"), "utf8"), "one");
});
