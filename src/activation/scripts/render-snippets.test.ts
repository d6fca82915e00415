import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { NamedSnippet } from "./builtin-snippets.ts";
import { renderSnippetScript } from "./render-snippets.ts";

const snippet = (name: string, text: string, supportsDryActivation = false): NamedSnippet => ({ name, text, deps: [], supportsDryActivation });

/** Writes the script and runs it with real bash, as activation does. */
function run(snippets: NamedSnippet[], dry = false) {
  const dir = mkdtempSync(join(tmpdir(), "keel-snippets-"));
  const script = join(dir, "activate-snippets");
  writeFileSync(script, renderSnippetScript({ bash: "/bin/bash", path: "/usr/bin:/bin", snippets, dry, systemConfig: true }));
  chmodSync(script, 0o755);
  const r = spawnSync(script, ["/keel/store/x-toplevel"], { encoding: "utf8", env: { PATH: "/nonexistent" } });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("renderSnippetScript (reference §2 semantics, run by bash)", () => {
  test("a failing command marks its snippet failed with the code; it and later snippets go on; exit 1", () => {
    const r = run([snippet("a", "echo a1; (exit 3); echo a2"), snippet("b", "echo b")]);
    assert.equal(r.status, 1);
    assert.equal(r.out, "a1\na2\nActivation script snippet 'a' failed (3)\nb\n");
  });

  test("success: exit 0; PATH is the given one; umask 0022; systemConfig is $1; snippets share variables", () => {
    const r = run([snippet("a", 'x=shared; echo "$PATH $(umask) $systemConfig"'), snippet("b", "echo $x")]);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out, "/usr/bin:/bin 0022 /keel/store/x-toplevel\nshared\n");
  });

  test("the dry variant keeps only snippets that support dry activation", () => {
    const r = run([snippet("wet", "echo wet"), snippet("dry", "echo dry", true)], true);
    assert.equal(r.status, 0);
    assert.equal(r.out, "dry\n");
  });

  test("a snippet name with quotes cannot break the script", () => {
    const r = run([snippet("it's \"odd\"", "false")]);
    assert.equal(r.out, "Activation script snippet 'it's \"odd\"' failed (1)\n");
  });
});
