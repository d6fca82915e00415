import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { basename } from "node:path";
import { after, describe, test } from "node:test";
import { makeTempStore } from "../store/test-support/temp-store.ts";
import { realiseStoreImage, STORE_IMAGE_LABEL, storeImageDerivation } from "./store-image.ts";

const debugfs = (image: string, request: string) => spawnSync("debugfs", ["-R", request, image], { encoding: "utf8" });
const hasE2fsprogs = spawnSync("mke2fs", ["-V"]).status === 0 && spawnSync("debugfs", ["-V"]).status === 0;

describe("store image", { skip: !hasE2fsprogs && "needs e2fsprogs (mke2fs, debugfs)" }, () => {
  const temp = makeTempStore();
  after(() => temp.cleanup());
  const { store } = temp;
  const lib = store.writeText("lib.txt", "a library\n");
  const other = store.writeText("not-in-the-closure.txt", "unrelated\n");
  const top = store.directory("keel-system-test", {
    "uses-lib": { text: `see ${lib.outPath}\n` },
    "link-to-lib": { symlink: lib.outPath },
  });

  test("holds exactly the closure, contents and links intact, in an ext4 file system with the label stage 1 mounts", async () => {
    await store.realise([top, other]);
    const image = await realiseStoreImage(store, top.outPath);
    const listing = debugfs(image, "ls -p /").stdout;
    const names = new Set(listing.split("\n").map((l) => l.split("/")[5]).filter((n): n is string => !!n && n !== "." && n !== ".." && n !== "lost+found"));
    assert.deepEqual([...names].sort(), [basename(lib.outPath), basename(top.outPath)].sort());
    assert.equal(debugfs(image, `cat /${basename(top.outPath)}/uses-lib`).stdout, `see ${lib.outPath}\n`);
    const link = `/${basename(top.outPath)}/link-to-lib`;
    assert.match(debugfs(image, `stat ${link}`).stdout, /Type: symlink/);
    assert.equal(debugfs(image, `cat ${link}`).stdout, lib.outPath, "a slow symlink's block holds its target");
    const header = spawnSync("dumpe2fs", ["-h", image], { encoding: "utf8" }).stdout;
    assert.match(header, new RegExp(`^Filesystem volume name:\\s+${STORE_IMAGE_LABEL}$`, "m"));
    assert.equal(spawnSync("e2fsck", ["-fn", image], { encoding: "utf8" }).status, 0, "the file system is clean");
  });

  test("references the whole closure, so the store keeps it while the image lives", async () => {
    const drv = storeImageDerivation(store, top.outPath);
    await store.realise([drv]);
    const refs = store.queryPathInfo(drv.outPath)?.references ?? [];
    assert.ok(refs.includes(top.outPath) && refs.includes(lib.outPath), refs.join(", "));
    assert.ok(!refs.includes(other.outPath));
  });

  test("is a function of the closure: the same derivation for the same toplevel", () => {
    assert.equal(storeImageDerivation(store, top.outPath).outPath, storeImageDerivation(temp.reopen(), top.outPath).outPath);
  });
});
