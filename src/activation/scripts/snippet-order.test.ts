import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { planActivationSteps } from "./builtin-snippets.ts";
import { orderSnippets, SnippetGraphError, snippetGraphIssues } from "./snippet-order.ts";

const s = (...deps: string[]) => ({ deps });

describe("orderSnippets (NixOS textClosureMap)", () => {
  test("deps first, depth first in listed order, otherwise by name (bytes, not locale)", () => {
    assert.deepEqual(orderSnippets({ b: s(), a: s("c"), c: s(), Z: s() }), ["Z", "c", "a", "b"]);
    assert.deepEqual(orderSnippets({ etc: s("users", "groups", "specialfs"), groups: s("users"), users: s(), specialfs: s() }), ["users", "groups", "specialfs", "etc"]);
  });

  test("an unknown dep and a cycle are reported together, naming the option and snippet", () => {
    const graph = { a: s("nope"), b: s("c"), c: s("b") };
    assert.deepEqual(snippetGraphIssues(graph), [
      { kind: "unknown-dep", snippet: "a", dep: "nope" },
      { kind: "cycle", chain: ["b", "c", "b"] },
    ]);
    assert.throws(
      () => orderSnippets(graph, "system.activationScripts"),
      (e: unknown) =>
        e instanceof SnippetGraphError &&
        e.code === "activation-snippet-graph" &&
        /`system\.activationScripts\.a' depends on `nope', which is not a snippet/.test(e.message) &&
        /cycle: b -> c -> b/.test(e.message),
    );
  });
});

describe("planActivationSteps", () => {
  test("built-ins keep their order; user snippets slot in by deps; consecutive ones share one step", () => {
    const plan = planActivationSteps({
      afterEtc: { text: "a", deps: ["etc"], supportsDryActivation: false },
      alsoAfterEtc: { text: "b", deps: ["etc"], supportsDryActivation: true },
      first: { text: "c", deps: [], supportsDryActivation: false },
    });
    const shape = plan.map((p) => (p.kind === "builtin" ? p.name : p.snippets.map((x) => x.name).join("+")));
    assert.deepEqual(shape, ["specialfs", "users", "groups", "etc", "afterEtc+alsoAfterEtc", "binsh", "first", "machine-id", "usrbinenv", "wrappers"]);
  });

  test("without user snippets the built-in order is Keel's usual one", () => {
    assert.deepEqual(
      planActivationSteps({}).map((p) => (p.kind === "builtin" ? p.name : "?")),
      ["specialfs", "binsh", "users", "groups", "etc", "machine-id", "usrbinenv", "wrappers"],
    );
  });

  test("a user snippet may not take a built-in's name", () => {
    assert.throws(() => planActivationSteps({ etc: { text: "x", deps: [], supportsDryActivation: false } }), /system\.activationScripts\.etc: this name is Keel's own activation step/);
  });
});
