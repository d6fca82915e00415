import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { probeSandbox } from "./sandbox.ts";

const dir = mkdtempSync(join(tmpdir(), "keel-sandbox-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("sandbox choice", () => {
  test("falls back with a note naming bwrap's complaint when namespaces are refused", () => {
    const fake = join(dir, "bwrap");
    writeFileSync(fake, "#!/bin/sh\necho 'bwrap: No permissions to creating new namespace' >&2\nexit 1\n", { mode: 0o755 });
    const choice = probeSandbox(fake);
    assert.equal(choice.mode, "none");
    assert.match(choice.note!, /cannot create namespaces here \(bwrap: No permissions to creating new namespace\)/);
  });

  test("a missing bwrap says what to install", () => {
    const choice = probeSandbox(join(dir, "no-such-bwrap"));
    assert.equal(choice.mode, "none");
    assert.match(choice.note!, /install the `bubblewrap` package/);
  });

  test("the real bwrap works on this machine (setup.sh installs it)", { skip: process.env.KEEL_SANDBOX === "none" }, () => {
    assert.deepEqual(probeSandbox(), { mode: "bwrap" });
  });
});
