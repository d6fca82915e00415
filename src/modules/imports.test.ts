import assert from "node:assert/strict";
import { describe, test } from "node:test";
import declareInt from "./fixtures/declare-int.ts";
import declareList from "./fixtures/declare-list.ts";
import defineListA from "./fixtures/define-list-a.ts";
import defineValue1 from "./fixtures/define-value-1.ts";
import { defineModule, evalModules, InvalidModuleError, mkOption, types } from "./index.ts";

describe("imports, keys, disabledModules, class", () => {
  test("imports are loaded recursively; a module imported twice (same key) counts once", () => {
    const both = { imports: [defineListA, { imports: [defineListA] }] };
    const ev = evalModules({ modules: [declareList, both, defineListA] });
    assert.deepEqual(ev.config.list, ["a"]);
  });

  test("anonymous modules are distinct even when equal", () => {
    const anon = { list: ["x"] };
    assert.deepEqual(evalModules({ modules: [declareList, anon, anon] }).config.list, ["x", "x"]);
  });

  test("explicit keys de-duplicate", () => {
    const a = { key: "k", list: ["x"] };
    const b = { key: "k", list: ["y"] };
    assert.deepEqual(evalModules({ modules: [declareList, a, b] }).config.list, ["x"]);
  });

  test("disabledModules by module value or by key string drops the module and its imports", () => {
    const withImport = defineModule<any>({ imports: [defineValue1], config: { list: ["w"] } });
    const ev = evalModules({ modules: [declareList, declareInt, withImport, { disabledModules: [withImport] }] });
    assert.deepEqual(ev.config.list, []);
    assert.equal(ev.options.value.isDefined, false);
    const byKey = evalModules({ modules: [declareList, defineListA, { disabledModules: [defineListA.key] }] });
    assert.deepEqual(byKey.config.list, []);
  });

  test("a disabledModules item without key is an error naming the file", () => {
    assert.throws(
      () => evalModules({ modules: [{ _file: "m.ts", disabledModules: [{ list: [] }] }] }),
      (e: unknown) => e instanceof InvalidModuleError && /Module `m.ts` contains a disabledModules item that is an attribute set, presumably a module, that does not have a `key` attribute/.test(e.message),
    );
    assert.throws(() => evalModules({ modules: [{ _file: "m.ts", disabledModules: [true] }] }), /is of type bool/);
  });

  test("imports of a function module are honoured", () => {
    const ev = evalModules({ modules: [declareList, () => ({ imports: [defineListA] })] });
    assert.deepEqual(ev.config.list, ["a"]);
  });

  test("shorthand vs full syntax; unsupported attributes next to config", () => {
    assert.throws(
      () => evalModules({ modules: [{ key: "m", config: {}, list: [] }] }),
      /Module `m' has an unsupported attribute `list'. This is caused by introducing a top-level `config' or `options' attribute./,
    );
  });

  test("nested lists and non-modules are rejected", () => {
    assert.throws(() => evalModules({ modules: [{ imports: [[defineListA]] }] }), /Module imports can't be nested lists/);
    assert.throws(() => evalModules({ modules: [{ imports: [{ _type: "configuration" }] }] }), /Expected a module, but found a value of type "configuration"/);
    assert.throws(() => evalModules({ modules: [5] }), /module <unknown-file> \(:anon-1\) does not look like a module/);
  });

  test("module classes must match the evaluation's class", () => {
    assert.throws(
      () => evalModules({ modules: [{ _class: "darwin", _file: "d.ts", config: {} }], class: "keel" }),
      /The module `d.ts` \(class: "darwin"\) cannot be imported into a module evaluation that expects class "keel"/,
    );
    assert.doesNotThrow(() => evalModules({ modules: [{ _class: "keel", config: {} }], class: "keel" }));
  });

  test("imports computed from config are infinite recursion, with the hint", () => {
    assert.throws(
      () => evalModules({ modules: [declareList, ({ config }: any) => ({ imports: [config.list] })] }),
      /infinite recursion encountered: a module imported from .* is computed from `config'/,
    );
  });

  test("modules may read the `options` argument (declarations, isDefined)", () => {
    const ev = evalModules({ modules: [declareList, declareInt, ({ options }: any) => ({ value: options.list.isDefined ? 1 : 0 }), defineListA] });
    assert.equal(ev.config.value, 1);
  });

  test("options declared by an imported module", () => {
    const inner = { options: { deep: mkOption({ type: types.int, default: 3 }) } };
    assert.equal(evalModules({ modules: [{ imports: [{ imports: [inner] }] }] }).config.deep, 3);
  });
});
