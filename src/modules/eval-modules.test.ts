import assert from "node:assert/strict";
import { describe, test } from "node:test";
import declareEnable from "./fixtures/declare-enable.ts";
import declareInt from "./fixtures/declare-int.ts";
import declareIntDefault from "./fixtures/declare-int-default.ts";
import declareList from "./fixtures/declare-list.ts";
import defineEnable from "./fixtures/define-enable.ts";
import defineListA from "./fixtures/define-list-a.ts";
import defineListB from "./fixtures/define-list-b-before.ts";
import defineListC from "./fixtures/define-list-c-after.ts";
import defineValue1 from "./fixtures/define-value-1.ts";
import defineValue2 from "./fixtures/define-value-2.ts";
import defineValueDefault from "./fixtures/define-value-default.ts";
import defineValueForce from "./fixtures/define-value-force.ts";
import defineValueIf from "./fixtures/define-value-if-enabled.ts";
import {
  ConflictingDefinitionsError,
  evalModules,
  mkDefault,
  mkForce,
  mkIf,
  mkLazyIf,
  mkMerge,
  mkOption,
  mkOptionDefault,
  mkOrder,
  mkOverride,
  mkVMOverride,
  NoValueError,
  Priority,
  ReadOnlyError,
  types,
} from "./index.ts";

const F = "src/modules/fixtures";

describe("definitions and priorities", () => {
  test("a plain definition beats the default; the record names the file", () => {
    const ev = evalModules({ modules: [declareIntDefault, defineValue1] });
    assert.equal(ev.config.value, 1);
    assert.deepEqual(ev.options.value.files, [`${F}/define-value-1.ts`]);
    assert.equal(ev.options.value.highestPrio, Priority.plain);
    assert.equal(ev.options.value.isDefined, true);
    assert.deepEqual(ev.options.value.declarations, [`${F}/declare-int-default.ts`]);
  });

  test("only the default: highestPrio 1500, files = the declaring file", () => {
    const ev = evalModules({ modules: [declareIntDefault] });
    assert.equal(ev.config.value, 42);
    assert.equal(ev.options.value.highestPrio, 1500);
    assert.deepEqual(ev.options.value.files, [`${F}/declare-int-default.ts`]);
  });

  test("mkDefault loses to plain, plain loses to mkForce, mkForce loses to mkVMOverride", () => {
    assert.equal(evalModules({ modules: [declareInt, defineValueDefault, defineValue1] }).config.value, 1);
    assert.equal(evalModules({ modules: [declareInt, defineValue1, defineValueForce] }).config.value, 9);
    const vm = { value: mkVMOverride(3) };
    assert.equal(evalModules({ modules: [declareInt, defineValueForce, vm] }).config.value, 3);
    assert.equal(evalModules({ modules: [declareIntDefault, defineValueDefault] }).config.value, 7);
    assert.equal(evalModules({ modules: [declareIntDefault, { value: mkOptionDefault(5) }] }).options.value.highestPrio, 1500);
  });

  test("equal plain definitions of an int merge; different ones conflict, naming both files", () => {
    assert.equal(evalModules({ modules: [declareInt, defineValue1, { _file: "other.ts", value: 1 }] }).config.value, 1);
    const ev = evalModules({ modules: [declareInt, defineValue1, defineValue2] });
    assert.throws(
      () => ev.config.value,
      (e: unknown) => {
        assert.ok(e instanceof ConflictingDefinitionsError);
        assert.deepEqual(e.loc, ["value"]);
        assert.equal(
          e.message,
          "The option `value' has conflicting definition values:\n" +
            `- In \`${F}/define-value-2.ts': 2\n- In \`${F}/define-value-1.ts': 1\n` +
            "Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.",
        );
        return true;
      },
    );
  });

  test("priority ties at mkForce still conflict; a lower number resolves them", () => {
    const tie = evalModules({ modules: [declareInt, { value: mkForce(1) }, { value: mkForce(2) }] });
    assert.throws(() => tie.config.value, ConflictingDefinitionsError);
    const resolved = evalModules({ modules: [declareInt, { value: mkForce(1) }, { value: mkOverride(49, 2) }] });
    assert.equal(resolved.config.value, 2);
  });

  test("mkIf true/false and mkMerge, nested", () => {
    const ev = evalModules({ modules: [declareEnable, declareInt, defineEnable, defineValueIf] });
    assert.equal(ev.config.value, 5);
    const off = evalModules({ modules: [declareEnable, declareIntDefault, defineValueIf] });
    assert.equal(off.config.value, 42);
    const merged = evalModules({
      modules: [declareList, { list: mkMerge([["x"], mkIf(false, ["no"]), mkMerge([mkIf(true, ["y"])])]) }],
    });
    assert.deepEqual(merged.config.list, ["x", "y"]);
  });

  test("lists concatenate in merge order; mkBefore / mkAfter / mkOrder sort them", () => {
    assert.deepEqual(evalModules({ modules: [declareList, defineListA, defineListB, defineListC] }).config.list, ["b", "a", "c"]);
    // Top-level modules [A, B] merge as B's ++ A's (nixpkgs' reversed order, reference §4.6).
    assert.deepEqual(evalModules({ modules: [declareList, { list: ["1"] }, { list: ["2"] }] }).config.list, ["2", "1"]);
    assert.deepEqual(
      evalModules({ modules: [declareList, { list: mkOrder(2000, ["z"]) }, { list: mkOrder(10, ["first"]) }, { list: ["mid"] }] }).config.list,
      ["first", "mid", "z"],
    );
  });

  test("the mkOrder sort is stable (equal priorities keep merge order), for few and for many definitions", () => {
    for (const n of [7, 200]) {
      const priorities = [1000, 500, 1500, 1000, 500];
      const defs = Array.from({ length: n }, (_, i) => {
        const p = priorities[i % priorities.length]!;
        return { p, module: { list: p === 1000 && i % 2 === 0 ? [`v${i}`] : mkOrder(p, [`v${i}`]) } };
      });
      // Top-level modules merge in reverse order; then a stable sort by priority (plain = 1000).
      const expected = defs
        .map((d, i) => ({ p: d.p, v: `v${i}` }))
        .reverse()
        .sort((a, b) => a.p - b.p)
        .map((d) => d.v);
      assert.deepEqual(evalModules({ modules: [declareList, ...defs.map((d) => d.module)] }).config.list, expected);
    }
  });

  test("the option default is overridden, not merged, even for lists", () => {
    const decl = { options: { l: mkOption({ type: types.listOf(types.int), default: [1] }) } };
    assert.deepEqual(evalModules({ modules: [decl] }).config.l, [1]);
    assert.deepEqual(evalModules({ modules: [decl, { l: [2] }] }).config.l, [2]);
    assert.deepEqual(evalModules({ modules: [decl, { l: mkDefault([3]) }, { l: mkDefault([4]) }] }).config.l, [4, 3]);
  });

  test("no value defined", () => {
    const ev = evalModules({ modules: [declareInt] });
    assert.equal(ev.options.value.isDefined, false);
    assert.throws(() => ev.config.value, (e: unknown) => {
      assert.ok(e instanceof NoValueError);
      assert.equal(e.message, "The option `value' was accessed but has no value defined. Try setting the option.");
      return true;
    });
  });

  test("readOnly: one definition is fine, two fail (the default counts)", () => {
    const decl = { options: { ro: mkOption({ type: types.int, readOnly: true }) } };
    assert.equal(evalModules({ modules: [decl, { ro: 1 }] }).config.ro, 1);
    const twice = evalModules({ modules: [decl, { _file: "a.ts", ro: 1 }, { _file: "b.ts", ro: 1 }] });
    assert.throws(() => twice.config.ro, (e: unknown) => e instanceof ReadOnlyError && /is read-only, but it's set multiple times/.test(e.message) && e.files.includes("a.ts"));
    const withDefault = { options: { ro: mkOption({ type: types.int, readOnly: true, default: 0 }) } };
    assert.throws(() => evalModules({ modules: [withDefault, { ro: 1 }] }).config.ro, ReadOnlyError);
  });

  test("apply maps the merged value, and runs with only a default", () => {
    const decl = { options: { n: mkOption({ type: types.int, default: 2, apply: (v: number) => v * 10 }) } };
    assert.equal(evalModules({ modules: [decl] }).config.n, 20);
    assert.equal(evalModules({ modules: [decl, { n: 3 }] }).config.n, 30);
  });

  test("options records: definitions after filtering, definitionsWithLocations", () => {
    const ev = evalModules({ modules: [declareList, { _file: "x.ts", list: mkDefault(["d"]) }, { _file: "y.ts", list: ["p"] }] });
    assert.deepEqual(ev.options.list.definitions, [["p"]]);
    assert.deepEqual(ev.options.list.definitionsWithLocations, [{ file: "y.ts", value: ["p"] }]);
    assert.equal(String(ev.options.list), "list");
  });
});

describe("config as an object", () => {
  test("Object.keys and JSON.stringify work and exclude _module", () => {
    const ev = evalModules({ modules: [declareEnable, declareIntDefault, defineEnable] });
    assert.deepEqual(Object.keys(ev.config), ["enable", "value"]);
    assert.equal(JSON.stringify(ev.config), '{"enable":true,"value":42}');
    assert.ok("enable" in ev.config);
    assert.equal(ev.config.nope, undefined);
    assert.equal(ev._module.check, true);
  });

  test("config is read-only", () => {
    const ev = evalModules({ modules: [declareEnable] });
    assert.throws(() => {
      (ev.config as { enable: boolean }).enable = true;
    }, TypeError);
  });
});

describe("module arguments, specialArgs and extendModules", () => {
  test("specialArgs reach modules; _module.args provides more arguments", () => {
    const ev = evalModules({
      modules: [
        declareList,
        ({ greeting, extra }: any) => ({ list: [greeting, extra] }),
        { _module: { args: { extra: "from args" } } },
      ],
      specialArgs: { greeting: "hi" },
    });
    assert.deepEqual(ev.config.list, ["hi", "from args"]);
  });

  test("an argument that nobody provides fails only where it is used", () => {
    const ev = evalModules({ modules: [declareList, declareInt, ({ nothing }: any) => ({ list: [nothing], value: 1 })] });
    assert.equal(ev.config.value, 1);
    assert.throws(() => ev.config.list, /The module argument `nothing' .* is not provided/);
  });

  test("extendModules adds modules to an evaluation", () => {
    const base = evalModules({ modules: [declareIntDefault] });
    const more = base.extendModules({ modules: [defineValue1] });
    assert.equal(base.config.value, 42);
    assert.equal(more.config.value, 1);
  });

  test("lib is passed to modules", () => {
    const ev = evalModules({ modules: [declareInt, ({ lib }: any) => ({ value: lib.mkForce(3) })] });
    assert.equal(ev.config.value, 3);
  });
});

test("mkLazyIf: a submodule option derived from another of the same value, computed only when merged", () => {
  const entry = types.submodule(({ config }: { config: { text: string | null } }) => ({
    options: { text: mkOption({ type: types.nullOr(types.str), default: null }), source: mkOption({ type: types.str }) },
    config: { source: mkLazyIf(() => config.text !== null, () => `file of ${config.text}`) },
  }));
  const { config } = evalModules({
    modules: [{ options: { files: mkOption({ type: types.attrsOf(entry), default: {} }) } }, { config: { files: { a: { text: "hello" }, b: { source: "given" } } } }],
  });
  assert.equal(config.files.a.source, "file of hello");
  assert.equal(config.files.b.source, "given", "the condition is false: no definition from it");
});
