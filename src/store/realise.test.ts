import assert from "node:assert/strict";
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { RealiseEvent } from "./builder.ts";
import { makeTempStore } from "./test-support/temp-store.ts";

const t = makeTempStore();
after(() => t.cleanup());
const { store } = t;

describe("realise", () => {
  test("builds text and scripts read-only with mtime 1, and registers them", async () => {
    const text = store.writeText("greeting", "hello\n");
    const script = store.writeScript("hi", "#!/bin/sh\necho hi\n");
    const paths = await store.realise([text, script]);
    assert.deepEqual(paths, [text.outPath, script.outPath]);
    assert.equal(readFileSync(text.outPath, "utf8"), "hello\n");
    assert.equal(statSync(text.outPath).mode & 0o777, 0o444);
    assert.equal(statSync(script.outPath).mode & 0o777, 0o555);
    assert.equal(statSync(text.outPath).mtimeMs, 1000);
    const info = store.queryPathInfo(text.outPath)!;
    assert.equal(info.references.length, 0);
    assert.equal(info.deriver, "text@1");
    assert.match(info.narHash, /^[0-9a-f]{64}$/);
    assert.ok(store.isValid(script.outPath));
  });

  test("records references found by scanning, symlinks included, and follows them in the closure", async () => {
    const lib = store.writeText("lib.sh", "echo lib\n");
    const linked = store.writeText("linked", "x");
    const unused = store.writeText("unused", "not mentioned in the output");
    const dir = store.directory("tree", {
      "bin/run": { text: `#!/bin/sh\n. ${lib}\n`, mode: 0o755 },
      "share/link": { symlink: `${linked}` },
      "copy/lib.sh": { source: lib },
    });
    // `unused` is a declared input but never written into the output: not a reference.
    const wrapper = store.runCommand("wrapper", { script: `mkdir $out; cp -r ${dir}/bin $out/`, inputs: [unused] });
    await store.realise(wrapper);
    const dirInfo = store.queryPathInfo(dir.outPath)!;
    assert.deepEqual(dirInfo.references, [lib.outPath, linked.outPath].sort());
    assert.equal(readlinkSync(join(dir.outPath, "share/link")), linked.outPath);
    assert.equal(statSync(join(dir.outPath, "bin/run")).mode & 0o777, 0o555);
    assert.equal(readFileSync(join(dir.outPath, "copy/lib.sh"), "utf8"), "echo lib\n");
    const wrapperInfo = store.queryPathInfo(wrapper.outPath)!;
    assert.deepEqual(wrapperInfo.references, [lib.outPath]);
    assert.deepEqual(store.closure([wrapper.outPath]), [lib.outPath, wrapper.outPath].sort());
  });

  test("a command may refer to its own output path", async () => {
    const self = store.runCommand("self-ref", { script: 'mkdir -p $out/bin; printf "%s" "$out/bin/x" > $out/where; ln -s $out/where $out/bin/x' });
    await store.realise(self);
    assert.equal(readFileSync(join(self.outPath, "where"), "utf8"), `${self.outPath}/bin/x`);
    assert.equal(readlinkSync(join(self.outPath, "bin/x")), `${self.outPath}/where`);
    assert.deepEqual(store.queryPathInfo(self.outPath)!.references, [self.outPath]);
  });

  test("the sandbox shows inputs and hides the rest of the store", { skip: process.env.KEEL_SANDBOX === "none" }, async () => {
    const visible = store.writeText("visible", "v");
    const hidden = store.writeText("hidden", "h");
    await store.realise([visible, hidden]);
    const probe = store.runCommand("probe", {
      script: `ls ${t.storeDir} > $out`,
      inputs: [visible],
    });
    await store.realise(probe);
    const listing = readFileSync(probe.outPath, "utf8").split("\n").filter(Boolean);
    assert.ok(listing.includes(`${visible.hash}-visible`));
    assert.ok(!listing.includes(`${hidden.hash}-hidden`), `store listing in the sandbox: ${listing.join(", ")}`);
  });

  test("a failing build throws its log tail and leaves nothing behind", async () => {
    const bad = store.runCommand("bad", { script: "echo building step one; echo 'it broke here' >&2; exit 3" });
    const events: RealiseEvent[] = [];
    await assert.rejects(store.realise(bad, { onEvent: (e) => events.push(e) }), (e: Error & { code?: string }) => {
      assert.equal(e.code, "build-failed");
      assert.match(e.message, /exited with status 3/);
      assert.match(e.message, /it broke here/);
      return true;
    });
    assert.ok(events.some((e) => e.type === "build-failed"));
    assert.equal(lstatSync(bad.outPath, { throwIfNoEntry: false }), undefined);
    assert.equal(store.isValid(bad.outPath), false);
    assert.deepEqual(readdirSync(t.storeDir).filter((n) => n.startsWith(".") || n.includes("-bad")), []);
  });

  test("a command that creates no $out fails", async () => {
    await assert.rejects(store.realise(store.runCommand("nothing", { script: "true" })), /did not create \$out/);
  });

  test("a failed input stops its dependents; builds already running finish whole", async () => {
    const bad = store.runCommand("bad-input", { script: "exit 1" });
    const dependent = store.writeText("dependent", `${bad}`);
    const running = store.runCommand("running", { script: "sleep 0.3; echo ok > $out" });
    await assert.rejects(store.realise([dependent, running], { jobs: 2 }), { code: "build-failed" });
    assert.equal(store.isValid(dependent.outPath), false);
    // realise returned only after the parallel build finished and registered.
    assert.equal(store.isValid(running.outPath), true);
  });

  test("without a sandbox $out is a same-length temporary, rewritten to the real path", async () => {
    const saved = process.env.KEEL_SANDBOX;
    process.env.KEEL_SANDBOX = "none";
    try {
      const lib = store.writeText("nosandbox-lib", "l");
      const drv = store.runCommand("nosandbox", { script: `mkdir $out; echo "$out" > $out/self; ln -s $out/self $out/link; cat ${lib} > $out/copy; echo ${lib} > $out/ref` });
      const events: RealiseEvent[] = [];
      await store.realise(drv, { onEvent: (e) => events.push(e) });
      assert.equal(readFileSync(join(drv.outPath, "self"), "utf8"), `${drv.outPath}\n`);
      assert.equal(readlinkSync(join(drv.outPath, "link")), `${drv.outPath}/self`);
      assert.deepEqual(store.queryPathInfo(drv.outPath)!.references, [lib.outPath, drv.outPath].sort());
      assert.ok(events.some((e) => e.type === "log" && /note: sandbox disabled/.test(e.line)));
    } finally {
      if (saved === undefined) delete process.env.KEEL_SANDBOX;
      else process.env.KEEL_SANDBOX = saved;
    }
  });

  test("copyPath copies a local tree by content", async () => {
    const src = join(t.root, "src-tree");
    mkdirSync(join(src, "sub"), { recursive: true });
    writeFileSync(join(src, "sub", "file"), "data");
    writeFileSync(join(src, "exe"), "#!/bin/sh\n", { mode: 0o755 });
    const a = store.copyPath("tree", src);
    await store.realise(a);
    assert.equal(readFileSync(join(a.outPath, "sub/file"), "utf8"), "data");
    assert.equal(statSync(join(a.outPath, "exe")).mode & 0o111, 0o111);
    assert.equal(store.queryPathInfo(a.outPath)!.ca, `fixed:recursive:sha256:${store.queryPathInfo(a.outPath)!.narHash}`);
    // Edited after hashing: realising must refuse instead of storing other bytes under this path.
    writeFileSync(join(src, "sub", "file2"), "x");
    const b = store.copyPath("tree2", src);
    writeFileSync(join(src, "sub", "file2"), "changed");
    await assert.rejects(store.realise(b), { code: "hash-mismatch" });
    assert.equal(store.isValid(b.outPath), false);
  });

  test("plan lists what is missing, inputs included, and what is present", async () => {
    const present = store.writeText("plan-present", "p");
    await store.realise(present);
    const missing = store.writeText("plan-missing", `${present} and more`);
    const top = store.runCommand("plan-top", { script: `echo ${missing} > $out` });
    const fetched = store.fetchUrl({ name: "plan-fetch", urls: ["http://x.invalid/"], sha256: "0".repeat(64) });
    const p = store.plan([top, fetched]);
    assert.deepEqual(p.toBuild.map((d) => d.name), ["plan-missing", "plan-top"]);
    assert.deepEqual(p.toFetch.map((d) => d.name), ["plan-fetch"]);
    assert.deepEqual(p.present.map((d) => d.name), ["plan-present"]);
  });

  test("builds run in parallel up to jobs", async () => {
    const drvs = [0, 1, 2, 3].map((i) => store.runCommand(`par-${i}`, { script: `sleep 0.4; echo ${i} > $out` }));
    const started = Date.now();
    await store.realise(drvs, { jobs: 4 });
    const ms = Date.now() - started;
    assert.ok(ms < 1500, `4 builds of 0.4 s with jobs=4 took ${ms} ms`);
  });
  test("rebuilding after GC gives identical bytes (mtimes and modes normalised)", async () => {
    const lib = store.writeText("det-lib", "lib");
    const tree = store.directory("det-tree", { "a/file": { text: "x" }, "a/link": { symlink: "file" }, "b/lib": { source: `${lib}` } });
    const cmd = store.runCommand("det-cmd", { script: `mkdir -p $out/x; echo hi > $out/x/y; chmod 600 $out/x/y; cp ${tree}/a/file $out/copied; touch -d 2001-01-01 $out/copied` });
    await store.realise(cmd);
    const first = [tree, cmd].map((d) => store.queryPathInfo(d.outPath)!.narHash);
    await store.gc();
    assert.equal(store.isValid(cmd.outPath), false);
    await store.realise(cmd);
    assert.deepEqual([tree, cmd].map((d) => store.queryPathInfo(d.outPath)!.narHash), first);
    assert.equal(statSync(join(cmd.outPath, "copied")).mtimeMs, 1000);
    assert.equal(statSync(join(cmd.outPath, "x/y")).mode & 0o777, 0o444);
  });

  test("directory entries may copy a file from inside a store path given as a string", async () => {
    const pkg = store.directory("det-pkg", { "bin/tool": { text: "#!/bin/sh\n", mode: 0o755 } });
    const d = store.directory("uses-file", { "tool": { source: `${pkg}/bin/tool` } });
    assert.deepEqual(d.inputs.map((i) => i.outPath), [pkg.outPath]);
    await store.realise(d);
    assert.equal(readFileSync(join(d.outPath, "tool"), "utf8"), "#!/bin/sh\n");
    assert.equal(statSync(join(d.outPath, "tool")).mode & 0o777, 0o555);
  });
});
