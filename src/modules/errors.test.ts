import assert from "node:assert/strict";
import { describe, test } from "node:test";
import declareEnable from "./fixtures/declare-enable.ts";
import declareInt from "./fixtures/declare-int.ts";
import declareStr from "./fixtures/declare-str.ts";
import defineEnabel from "./fixtures/define-enabel.ts";
import defineValueString from "./fixtures/define-value-string.ts";
import alreadyDeclared from "./fixtures/error-already-declared.ts";
import bareType from "./fixtures/error-bare-type.ts";
import defineNotAttrs from "./fixtures/error-define-not-attrs.ts";
import mkIfNotBool from "./fixtures/error-mkif-not-bool.ts";
import notAModule from "./fixtures/error-not-a-module.ts";
import notNestable from "./fixtures/error-not-nestable.ts";
import notNestable2 from "./fixtures/error-not-nestable-2.ts";
import optionInConfig from "./fixtures/error-option-in-config.ts";
import unsupportedAttr from "./fixtures/error-unsupported-attr.ts";
import {
  evalModules,
  InvalidDeclarationError,
  InvalidDefinitionError,
  InvalidModuleError,
  mkOption,
  type ModuleError,
  safeEvaluate,
  TypeMismatchError,
  types,
  UnknownOptionError,
} from "./index.ts";

const F = "src/modules/fixtures";

function failure(modules: unknown[], read: (config: any) => unknown = (c) => JSON.stringify(c)): ModuleError {
  try {
    read(evalModules({ modules }).config);
  } catch (e) {
    return e as ModuleError;
  }
  assert.fail("expected the evaluation to fail");
}

describe("error shapes and file attribution", () => {
  test("unknown option: file, value and 'Did you mean'", () => {
    const e = failure([declareEnable, defineEnabel]);
    assert.ok(e instanceof UnknownOptionError);
    assert.equal(e.code, "unknown-option");
    assert.deepEqual(e.loc, ["enabel"]);
    assert.deepEqual(e.files, [`${F}/define-enabel.ts`]);
    assert.equal(e.message, `The option \`enabel' does not exist. Definition values:\n- In \`${F}/define-enabel.ts': true\n\nDid you mean \`enable'?`);
  });

  test("unknown option with no options declared at all hints at options vs config", () => {
    const e = failure([optionInConfig]);
    assert.ok(e instanceof UnknownOptionError);
    assert.match(e.message, /^The option `foo' does not exist. Definition values:\n- In `src\/modules\/fixtures\/error-option-in-config.ts':\n {4}\{\n/);
    assert.match(e.message, /It seems as if you're trying to declare an option by placing it into `config' rather than `options'!$/);
  });

  test("an unknown option is reported at the first undeclared component, first in sorted order", () => {
    const e = failure([declareEnable, { _file: "x.ts", zz: 1, aa: { bb: { cc: 1 } } }]);
    assert.deepEqual(e.loc, ["aa"]);
    assert.match(e.message, /- In `x.ts':\n {4}\{\n {6}bb = \{\n/);
  });

  test("type mismatch names the value and the file", () => {
    const e = failure([declareInt, defineValueString], (c) => c.value);
    assert.ok(e instanceof TypeMismatchError);
    assert.equal(e.code, "type-mismatch");
    assert.equal(e.message, `A definition for option \`value' is not of type \`signed integer'. Definition values:\n- In \`${F}/define-value-string.ts': "one"`);
    assert.deepEqual(e.definitions, [{ file: `${F}/define-value-string.ts`, value: "one" }]);
  });

  test("multi-line values are cut to five lines", () => {
    const e = failure([declareStr, { _file: "m.ts", name: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 } }], (c) => c.name);
    assert.match(e.message, /- In `m.ts':\n {4}\{\n {6}a = 1;\n {6}b = 2;\n {6}c = 3;\n {6}d = 4;\n {4}\.\.\.$/);
  });

  test("mkIf with a non-boolean condition", () => {
    const e = failure([declareEnable, mkIfNotBool], (c) => c.enable);
    assert.ok(e instanceof InvalidDefinitionError);
    assert.match(e.message, /^‘mkIf’ called with a non-Boolean condition/);
    assert.deepEqual(e.files, [`${F}/error-mkif-not-bool.ts`]);
  });

  test("a module that is not a module", () => {
    assert.throws(() => evalModules({ modules: [notAModule] }), (e: unknown) => e instanceof InvalidModuleError && e.message === `module ${F}/error-not-a-module.ts (${F}/error-not-a-module.ts:anon-1) does not look like a module.`);
  });

  test("unsupported top-level attribute next to config", () => {
    assert.throws(() => evalModules({ modules: [unsupportedAttr] }), /^InvalidModuleError: Module `src\/modules\/fixtures\/error-unsupported-attr.ts' has an unsupported attribute `enable'/);
  });

  test("defining a non-attrset where options are nested", () => {
    const e = failure([{ options: { services: { a: mkOption({ type: types.int }) } } }, defineNotAttrs]);
    assert.ok(e instanceof InvalidDefinitionError);
    assert.match(e.message, /^In module `src\/modules\/fixtures\/error-define-not-attrs.ts', you're trying to define a value of type `int'\nrather than an attribute set for the option\n`services'!/);
  });

  test("declarations: already declared, bare type, nested under a non-submodule", () => {
    assert.throws(
      () => evalModules({ modules: [declareInt, alreadyDeclared] }),
      (e: unknown) => e instanceof InvalidDeclarationError && e.message === `The option \`value' in \`${F}/declare-int.ts' is already declared in \`${F}/error-already-declared.ts'.`,
    );
    assert.throws(() => evalModules({ modules: [bareType] }), /^InvalidDeclarationError: In module src\/modules\/fixtures\/error-bare-type.ts: expected an option declaration at option path `value` but got an attribute set with type option-type/);
    assert.throws(
      () => evalModules({ modules: [notNestable, notNestable2] }),
      (e: unknown) =>
        e instanceof InvalidDeclarationError &&
        e.message ===
          `The option \`a' in module \`${F}/error-not-nestable.ts' would be a parent of the following options, but its type \`signed integer' does not support nested options.\n - option(s) with prefix \`a.b' in module \`${F}/error-not-nestable-2.ts'`,
    );
    assert.throws(() => evalModules({ modules: [{ options: { x: 5 } }] }), /An option declaration for `x' has type\n`int' rather than an attribute set./);
  });

  test("safeEvaluate collects every failing option instead of stopping at the first", () => {
    const r = safeEvaluate(evalModules({ modules: [declareInt, declareStr, { options: { ok: mkOption({ default: 1 }) } }, defineValueString, { name: 5 }] }));
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? [] : r.issues.map((i) => [i.code, i.loc.join(".")]), [
      ["type-mismatch", "name"],
      ["type-mismatch", "value"],
    ]);
    const good = safeEvaluate(evalModules({ modules: [declareInt, { value: 1 }] }));
    assert.equal(good.ok && (good.config as { value: number }).value, 1);
  });

  test("option paths quote odd names", () => {
    const e = failure([{ options: { hosts: mkOption({ type: types.attrsOf(types.int) }) } }, { _file: "h.ts", hosts: { "example.com": "x" } }], (c) => c.hosts["example.com"]);
    assert.match(e.message, /option `hosts."example.com"'/);
  });
});
