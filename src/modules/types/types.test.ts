import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import {
  ConflictingDefinitionsError,
  evalModules,
  mkDefault,
  mkIf,
  mkOption,
  NotUniqueError,
  type OptionType,
  TypeMismatchError,
  types,
} from "../index.ts";

/** The value of option `x` of `type` given definitions from files d1.ts, d2.ts, ... */
function value(type: OptionType, ...defs: unknown[]): any {
  const modules = [{ options: { x: mkOption({ type }) } }, ...defs.map((v, i) => ({ _file: `d${i + 1}.ts`, x: v }))];
  return evalModules({ modules }).config.x;
}
function failure(type: OptionType, ...defs: unknown[]): Error {
  try {
    value(type, ...defs);
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected the evaluation to fail");
}

describe("leaf types: check, merge, description", () => {
  const cases: [OptionType, string, unknown[], unknown[]][] = [
    [types.bool, "boolean", [true, false], [1, "true", null]],
    [types.int, "signed integer", [0, -3, 2 ** 40], [1.5, "1", true]],
    [types.ints.unsigned, "unsigned integer, meaning >=0", [0, 7], [-1]],
    [types.ints.positive, "positive integer, meaning >0", [1], [0, -1]],
    [types.ints.between(2, 4), "integer between 2 and 4 (both inclusive)", [2, 4], [1, 5]],
    [types.ints.u8, "8 bit unsigned integer; between 0 and 255 (both inclusive)", [0, 255], [256, -1]],
    [types.ints.s8, "8 bit signed integer; between -128 and 127 (both inclusive)", [-128, 127], [128]],
    [types.ints.u16, "16 bit unsigned integer; between 0 and 65535 (both inclusive)", [65535], [65536]],
    [types.ints.u32, "32 bit unsigned integer; between 0 and 4294967295 (both inclusive)", [4294967295], [-1]],
    [types.ints.s16, "16 bit signed integer; between -32768 and 32767 (both inclusive)", [-32768], [32768]],
    [types.ints.s32, "32 bit signed integer; between -2147483648 and 2147483647 (both inclusive)", [-2147483648], [2147483648]],
    [types.port, "16 bit unsigned integer; between 0 and 65535 (both inclusive)", [22], [70000]],
    [types.float, "floating point number", [1.5, 2], ["1.5"]],
    [types.number, "signed integer or floating point number", [1, 1.5], ["x"]],
    [types.str, "string", ["", "a"], [1, null]],
    [types.nonEmptyStr, "non-empty string", ["a"], ["", "  "]],
    [types.singleLineStr, "(optionally newline-terminated) single-line string", ["a", "a\n"], ["a\nb"]],
    [types.strMatching("[a-z]+"), "string matching the pattern [a-z]+", ["abc"], ["ab1", "1abc"]],
    [types.path, "absolute path", ["/etc", { outPath: "/keel/store/x" }], ["etc", 1]],
    [types.package, "package", [{ outPath: "/keel/store/abc-hello" }], [{}, "x"]],
    [types.enum(["a", 1, true]), 'one of "a", 1, true', ["a", 1, true], ["b", 2]],
    [types.attrs, "attribute set", [{}], [[], "x"]],
    [types.anything, "anything", [1, "x", {}], []],
    [types.raw, "raw value", [1], []],
    [types.unspecified, "unspecified value", [1], []],
  ];
  for (const [type, description, good, bad] of cases) {
    test(description, () => {
      assert.equal(type.description, description);
      for (const v of good) assert.ok(type.check(v), `${JSON.stringify(v)} should pass`);
      for (const v of bad) assert.ok(!type.check(v), `${JSON.stringify(v)} should fail`);
    });
  }

  test("type mismatch message names the value and its file", () => {
    const e = failure(types.int, "x");
    assert.ok(e instanceof TypeMismatchError);
    assert.equal(e.message, "A definition for option `x' is not of type `signed integer'. Definition values:\n- In `d1.ts': \"x\"");
  });

  test("enum descriptions: singular and empty", () => {
    assert.equal(types.enum(["a"]).description, 'value "a" (singular enum)');
    assert.equal(types.enum([]).description, "impossible (empty enum)");
  });

  test("boolByOr ORs, bool requires equality", () => {
    assert.equal(value(types.boolByOr, false, true), true);
    assert.ok(failure(types.bool, false, true) instanceof ConflictingDefinitionsError);
  });

  test("separatedString joins; lines / commas / envVar", () => {
    assert.equal(value(types.lines, "a", "b"), "b\na");
    assert.equal(value(types.commas, "a", "b"), "b,a");
    assert.equal(value(types.envVar, "/a", "/b"), "/b:/a");
    assert.equal(types.separatedString("; ").description, 'strings concatenated with "; "');
  });

  test("singleLineStr strips one trailing newline", () => {
    assert.equal(value(types.singleLineStr, "abc\n"), "abc");
  });

  test("package: exactly one definition; a store path string becomes a package", () => {
    const p = { outPath: "/keel/store/abc-hello", name: "hello" };
    assert.equal(value(types.package, p), p);
    const storePath = "/keel/store/0123456789abcdfghijklmnpqrsvwxyz-git";
    assert.equal(value(types.package, storePath).outPath, storePath);
    assert.ok(!types.package.check("/usr/bin/git"));
    assert.ok(failure(types.package, p, p) instanceof NotUniqueError);
  });

  test("anything merges attrsets recursively with properties, conflicts across kinds", () => {
    assert.deepEqual(value(types.anything, { a: 1, n: { x: mkDefault(1) } }, { b: 2, n: { x: 2 } }), { a: 1, b: 2, n: { x: 2 } });
    const e = failure(types.anything, 1, "x");
    // Merge order is reversed module order (reference §4.6), so d2.ts comes first.
    assert.match(e.message, /The option `x' has conflicting option types in `d2.ts' and `d1.ts'/);
    assert.ok(failure(types.anything, [1], [2]) instanceof ConflictingDefinitionsError);
  });

  test("raw never looks inside; unspecified merges lists/attrs/strings", () => {
    const v = { inner: { _type: "if", weird: true } };
    assert.equal(value(types.raw, v), v);
    assert.deepEqual(value(types.unspecified, [1], [2]), [2, 1]);
    assert.deepEqual(value(types.unspecified, { a: 1 }, { b: 2 }), { b: 2, a: 1 });
    assert.match(failure(types.unspecified, 1, "x").message, /Cannot merge definitions of `x'/);
  });

  test("json values", () => {
    assert.deepEqual(value(types.json, { a: [1, "x", null, { b: true }] }), { a: [1, "x", null, { b: true }] });
    assert.ok(!types.json.check(() => 1));
  });
});

describe("leaf checks agree with their zod schemas", () => {
  // The checks settle common values without a zod parse (for speed); they must decide exactly
  // as the schemas do, edge values included.
  const values: unknown[] = [
    0, -0, 1, -1, 1.5, 255, 256, -128, 65535, 65536, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -(2 ** 53 - 1), -(2 ** 53),
    1e300, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_VALUE, Number.MIN_VALUE,
    "", "a", "1", true, false, null, undefined, {}, [], [1], () => 1, 10n, Symbol("s"),
    new String("a"), new Number(1), new Boolean(true),
  ];
  const int = z.number().int();
  const pairs: [string, OptionType, z.ZodType][] = [
    ["bool", types.bool, z.boolean()],
    ["boolByOr", types.boolByOr, z.boolean()],
    ["int", types.int, int],
    ["ints.unsigned", types.ints.unsigned, int.min(0).max(Number.MAX_SAFE_INTEGER)],
    ["ints.positive", types.ints.positive, int.min(1).max(Number.MAX_SAFE_INTEGER)],
    ["ints.between(2, 4)", types.ints.between(2, 4), int.min(2).max(4)],
    ["ints.u8", types.ints.u8, int.min(0).max(255)],
    ["ints.s8", types.ints.s8, int.min(-128).max(127)],
    ["ints.u32", types.ints.u32, int.min(0).max(2 ** 32 - 1)],
    ["ints.s32", types.ints.s32, int.min(-(2 ** 31)).max(2 ** 31 - 1)],
    ["float", types.float, z.number().finite()],
    ["str", types.str, z.string()],
  ];
  for (const [name, type, schema] of pairs) {
    test(name, () => {
      for (const v of values) assert.equal(type.check(v), schema.safeParse(v).success, `${name} on ${String(v)}`);
    });
  }
});

describe("type constructors", () => {
  test("descriptions parenthesise by class", () => {
    assert.equal(types.attrsOf(types.either(types.int, types.str)).description, "attribute set of (signed integer or string)");
    assert.equal(types.either(types.listOf(types.str), types.int).description, "(list of string) or signed integer");
    assert.equal(types.either(types.ints.positive, types.str).description, "positive integer, meaning >0, or string");
    assert.equal(types.nonEmptyListOf(types.submodule({})).description, "non-empty (list of (submodule))");
    assert.equal(types.attrsOf(types.submodule({})).description, "attribute set of (submodule)");
    assert.equal(types.nullOr(types.listOf(types.str)).description, "null or (list of string)");
    assert.equal(types.oneOf([types.int, types.str, types.bool]).description, "signed integer or string or boolean");
    assert.equal(types.functionTo(types.str).description, "function that evaluates to a(n) string");
    assert.equal(types.coercedTo(types.int, String, types.str).description, "string or signed integer convertible to it");
    assert.equal(types.lazyAttrsOf(types.int).description, "lazy attribute set of signed integer");
  });

  test("listOf: element errors name the element's loc; mkIf elements drop", () => {
    assert.deepEqual(value(types.listOf(types.int), [1, mkIf(false, 2), mkIf(true, 3)]), [1, 3]);
    const e = failure(types.listOf(types.int), [1, "two"]);
    assert.equal(e.message, "A definition for option `x.\"[definition 1-entry 2]\"' is not of type `signed integer'. Definition values:\n- In `d1.ts': \"two\"");
    const notList = failure(types.listOf(types.int), 5);
    assert.equal(notList.message, "A definition for option `x' is not of type `list of signed integer'. TypeError: Definition values:\n- In `d1.ts': 5");
  });

  test("nonEmptyListOf rejects []", () => {
    assert.deepEqual(value(types.nonEmptyListOf(types.int), [1]), [1]);
    assert.ok(failure(types.nonEmptyListOf(types.int), []) instanceof TypeMismatchError);
  });

  test("attrsOf merges per key with priorities and mkIf; keys are sorted", () => {
    const v = value(types.attrsOf(types.int), { b: 1, a: mkDefault(1) }, { a: 2, c: mkIf(false, 3) });
    assert.deepEqual(v, { a: 2, b: 1 });
    assert.deepEqual(Object.keys(v), ["a", "b"]);
    assert.throws(() => value(types.attrsOf(types.int), { a: 1 }, { a: 2 }).a, /The option `x.a' has conflicting definition values/);
  });

  test("attrsOf values are lazy: a broken value fails only when read", () => {
    const v = value(types.attrsOf(types.int), { good: 1, bad: "no" });
    assert.equal(v.good, 1);
    assert.throws(() => v.bad, /A definition for option `x.bad' is not of type `signed integer'/);
  });

  test("lazyAttrsOf keeps keys whose mkIf is false (and fails reading them)", () => {
    const v = value(types.lazyAttrsOf(types.int), { a: mkIf(false, 1), b: 2 });
    assert.deepEqual(Object.keys(v), ["a", "b"]);
    assert.equal(v.b, 2);
    assert.throws(() => v.a, /The option `x.a' was accessed but has no value defined/);
  });

  test("nullOr: null, value, or the mixed error", () => {
    assert.equal(value(types.nullOr(types.int), null), null);
    assert.equal(value(types.nullOr(types.int), 3), 3);
    assert.equal(failure(types.nullOr(types.int), null, 3).message, "The option `x` is defined both null and not null, in `d2.ts' and `d1.ts'.");
    const empty = evalModules({ modules: [{ options: { x: mkOption({ type: types.nullOr(types.int) }) } }] });
    assert.equal(empty.config.x, null);
  });

  test("either: all defs must fit one branch", () => {
    assert.equal(value(types.either(types.int, types.str), "a"), "a");
    const e = failure(types.either(types.int, types.str), 1, "a");
    assert.ok(e instanceof TypeMismatchError);
    assert.match(e.message, /TypeError: The option `x` is neither a value of type `signed integer` nor `string`, Definition values:/);
  });

  test("functionTo merges the results of every definition", () => {
    const f = value(types.functionTo(types.listOf(types.str)), (x: string) => [x], (x: string) => [`${x}!`]);
    assert.deepEqual(f("a"), ["a!", "a"]);
  });

  test("uniq / unique: one definition only", () => {
    assert.equal(value(types.uniq(types.int), 1), 1);
    const e = failure(types.unique({ message: "Set it once." }, types.int), 1, 1);
    assert.ok(e instanceof NotUniqueError);
    assert.match(e.message, /is defined multiple times while it's expected to be unique.\nSet it once.\nDefinition values:/);
  });

  test("coercedTo converts matching definitions", () => {
    const t = types.coercedTo(types.int, (n: number) => `#${n}`, types.str);
    assert.equal(value(t, 5), "#5");
    assert.equal(value(t, "x"), "x");
    assert.ok(failure(t, true) instanceof TypeMismatchError);
  });

  test("addCheck adds a predicate", () => {
    const even = types.addCheck(types.int, (n: number) => n % 2 === 0);
    assert.equal(value(even, 4), 4);
    assert.ok(failure(even, 3) instanceof TypeMismatchError);
  });

  test("optionType merges declared types; deferredModule collects modules", () => {
    assert.equal((value(types.optionType, types.int) as OptionType).description, "signed integer");
    const m = value(types.deferredModule, { a: 1 }, { b: 2 });
    assert.equal(m.imports.length, 2);
    assert.match(m.imports[0]._file, /via option x/);
  });
});

describe("declaring one option twice", () => {
  test("types merge by name: enums extend, listOf merges element types", () => {
    const ev = evalModules({
      modules: [
        { options: { e: mkOption({ type: types.enum(["a"]) }), l: mkOption({ type: types.listOf(types.int) }) } },
        { options: { e: mkOption({ type: types.enum(["b"]) }), l: mkOption({ type: types.listOf(types.int) }) } },
        { e: "a", l: [1] },
      ],
    });
    assert.equal(ev.config.e, "a");
    assert.equal(ev.options.e.type.description, 'one of "b", "a"');
  });

  test("incompatible types or a second default are 'already declared'", () => {
    assert.throws(
      () =>
        evalModules({
          modules: [
            { _file: "a.ts", options: { v: mkOption({ type: types.int }) } },
            { _file: "b.ts", options: { v: mkOption({ type: types.str }) } },
          ],
        }).config,
      /The option `v' in `a.ts' is already declared in `b.ts'./,
    );
    assert.throws(
      () =>
        evalModules({
          modules: [
            { _file: "a.ts", options: { v: mkOption({ default: 1 }) } },
            { _file: "b.ts", options: { v: mkOption({ default: 2 }) } },
          ],
        }).config,
      /already declared/,
    );
  });
});
