import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { makeTempStore } from "./test-support/temp-store.ts";

const t = makeTempStore();
after(() => t.cleanup());

describe("derivations", () => {
  test("the same recipe gives the same path; any change gives another", () => {
    const a = t.store.writeText("motd", "hello\n");
    const b = t.reopen().writeText("motd", "hello\n");
    assert.equal(a.outPath, b.outPath);
    assert.match(a.outPath, new RegExp(`^${t.storeDir}/[0-9a-df-np-sv-z]{32}-motd$`));
    assert.equal(`${a}`, a.outPath);
    assert.notEqual(t.store.writeText("motd", "hello!\n").outPath, a.outPath);
    assert.notEqual(t.store.writeScript("motd", "hello\n").outPath, a.outPath);
    assert.notEqual(t.store.writeText("motd2", "hello\n").hash, a.hash);
  });

  test("the store dir is part of the hash", () => {
    const other = makeTempStore();
    try {
      assert.notEqual(other.store.writeText("x", "same").hash, t.store.writeText("x", "same").hash);
    } finally {
      other.cleanup();
    }
  });

  test("interpolated paths become inputs, wherever they appear", () => {
    const lib = t.store.writeText("lib", "library");
    const tool = t.store.writeScript("tool", `#!/bin/sh\nexec cat ${lib}\n`);
    assert.deepEqual(tool.inputs.map((d) => d.outPath), [lib.outPath]);
    const dir = t.store.directory("etc", { "a/b": { source: `${tool}` }, c: { text: `see ${lib.outPath}/x` } });
    assert.deepEqual(dir.inputs.map((d) => d.outPath).sort(), [lib.outPath, tool.outPath].sort());
    const run = t.store.runCommand("r", { script: "true", env: { TOOL: `${tool}/bin` } });
    assert.deepEqual(run.inputs.map((d) => d.outPath), [tool.outPath]);
  });

  test("an unknown store hash in a text is an error naming it", () => {
    const bogus = `${t.storeDir}/0123456789abcdfghijklmnpqrsvwxyz-ghost`;
    assert.throws(() => t.store.writeText("bad", `uses ${bogus}/bin/x`), (e: Error & { code?: string; hash?: string }) => {
      assert.equal(e.code, "unknown-store-hash");
      assert.equal(e.hash, "0123456789abcdfghijklmnpqrsvwxyz");
      assert.match(e.message, /derivation 'bad'/);
      return true;
    });
  });

  test("names are checked like Nix's", () => {
    assert.throws(() => t.store.writeText(".hidden", ""), { code: "invalid-derivation-name" });
    assert.throws(() => t.store.writeText("a/b", ""), { code: "invalid-derivation-name" });
    assert.throws(() => t.store.writeText("", ""), { code: "invalid-derivation-name" });
  });

  test("fixed outputs are addressed by content, not by URL", () => {
    const sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const a = t.store.fetchUrl({ name: "f", urls: ["http://a.invalid/f"], sha256: sha });
    const b = t.store.fetchUrl({ name: "f", urls: ["http://b.invalid/f"], sha256: sha });
    assert.equal(a.outPath, b.outPath);
    assert.ok(a.isFixedOutput);
  });

  test("directory entries must stay inside the output", () => {
    assert.throws(() => t.store.directory("d", { "../x": { text: "" } }), { code: "invalid-directory-entry" });
    assert.throws(() => t.store.directory("d", { "/etc/x": { text: "" } }), { code: "invalid-directory-entry" });
  });

  test("unknown builder kinds are reported", () => {
    assert.throws(() => t.store.derivation({ kind: "nope", name: "x", args: {} }), { code: "unknown-builder" });
  });
});
