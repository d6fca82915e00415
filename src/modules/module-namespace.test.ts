import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evalModules, mkOption, types } from "./index.ts";

// `_module` is built on first look when only the internal module declares it (module-namespace.ts).
describe("the lazily built `_module` namespace", () => {
  test("sits in the options at its sorted place, with its four options", () => {
    const ev = evalModules({ modules: [{ options: { Zed: mkOption({ default: 1 }), abc: mkOption({ default: 2 }) } }] });
    assert.deepEqual(Object.keys(ev.options), ["Zed", "_module", "abc"]);
    assert.deepEqual(Object.keys(ev.options._module), ["args", "check", "freeformType", "specialArgs"]);
    assert.deepEqual(JSON.parse(JSON.stringify(ev.config)), { Zed: 1, abc: 2 });
  });

  test("submodule values see their name and specialArgs through `_module`", () => {
    const member = types.submodule(({ config }: { config: any }) => ({
      options: { seen: mkOption({ type: types.str, default: `${config._module.args.name}/${Object.keys(config._module.specialArgs).length}` }) },
    }));
    const ev = evalModules({ modules: [{ options: { m: mkOption({ type: types.attrsOf(member), default: {} }) } }, { m: { a: {}, b: {} } }] });
    assert.deepEqual(JSON.parse(JSON.stringify(ev.config.m)), { a: { seen: "a/0" }, b: { seen: "b/0" } });
    assert.equal(ev.config.m.a._module, undefined);
  });

  test("`_module.args` defined by an imported module (before the internal one in merge order) and a top-level one", () => {
    const user = ({ early, late }: { early: string; late: string }) => ({ options: { v: mkOption({ type: types.str, default: `${early}+${late}` }) } });
    const ev = evalModules({ modules: [{ imports: [{ _module: { args: { early: "imported" } } }] }, { _module: { args: { late: "top" } } }, user] });
    assert.equal(ev.config.v, "imported+top");
    // Merge order: the imported module, then (after the internal one) the top-level ones in reverse.
    assert.deepEqual(ev.options._module.args.definitions, [{ early: "imported" }, { late: "top" }]);
    assert.deepEqual(ev.options._module.specialArgs.files, ["lib/modules.nix"]);
  });

  test("a module declaring under `_module` merges with the internal declarations as before", () => {
    const ev = evalModules({ modules: [{ options: { _module: { extra: mkOption({ type: types.int, default: 3 }) } } }] });
    assert.deepEqual(Object.keys(ev.options._module), ["args", "check", "extra", "freeformType", "specialArgs"]);
    assert.equal(ev._module.extra, 3);
  });
});

describe("config and options views", () => {
  test("refuse preventExtensions and setPrototypeOf, and every view keeps working", () => {
    const decl = { options: { a: { b: mkOption({ default: 1 }) }, c: mkOption({ default: 2 }) } };
    const one = evalModules({ modules: [decl] });
    const two = evalModules({ modules: [decl, { c: 5 }] });
    assert.throws(() => Object.preventExtensions(one.config), TypeError);
    assert.throws(() => Object.setPrototypeOf(one.config.a, {}), TypeError);
    assert.throws(() => Object.preventExtensions(one.options), TypeError);
    assert.equal(Object.getPrototypeOf(two.config), null);
    assert.ok(Object.isExtensible(two.config));
    assert.deepEqual(JSON.parse(JSON.stringify(one.config)), { a: { b: 1 }, c: 2 });
    assert.deepEqual(JSON.parse(JSON.stringify(two.config)), { a: { b: 1 }, c: 5 });
    assert.deepEqual(Object.keys(two.options), ["_module", "a", "c"]);
  });
});
