import assert from "node:assert/strict";
import { describe, test } from "node:test";
import declareEnable from "./fixtures/declare-enable.ts";
import declareServices from "./fixtures/declare-services.ts";
import defineCycle from "./fixtures/define-cycle.ts";
import defineSelfRead from "./fixtures/define-self-read.ts";
import defineStructure from "./fixtures/define-structure-from-config.ts";
import defineThrowsUnread from "./fixtures/define-throws-unread.ts";
import defineWeb from "./fixtures/define-web.ts";
import { evalModules, InfiniteRecursionError, mkIf, mkMerge, mkOption, NoValueError, types } from "./index.ts";

describe("the fixpoint", () => {
  test("a module reading an option it also defines: { a: config.b, b: 1 } gives a = 1", () => {
    const ev = evalModules({ modules: [defineSelfRead] });
    assert.equal(ev.config.a, 1);
    assert.equal(ev.config.b, 1);
    const readBFirst = evalModules({ modules: [defineSelfRead] });
    assert.equal(readBFirst.config.b, 1);
    assert.equal(readBFirst.config.a, 1);
  });

  test("values derived from other options, behind mkIf", () => {
    const on = evalModules({ modules: [declareServices, defineWeb, { services: { web: { enable: true, port: 8080 } } }] });
    assert.deepEqual(on.config.services.firewall.allowedTCPPorts, [8080]);
    const off = evalModules({ modules: [declareServices, defineWeb] });
    assert.deepEqual(off.config.services.firewall.allowedTCPPorts, []);
  });

  test("mkIf on an option the same module defines (enable → config.enable)", () => {
    const m = {
      options: { enable: mkOption({ type: types.bool, default: false }), out: mkOption({ type: types.listOf(types.str), default: [] }) },
      config: ({ config }: any) => mkMerge([{ enable: true }, mkIf(config.enable, { out: ["on"] })]),
    };
    assert.deepEqual(evalModules({ modules: [m] }).config.out, ["on"]);
  });

  test("a chain across modules in any order", () => {
    const decl = { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }), c: mkOption({ type: types.int }) } };
    const mods = [({ config }: any) => ({ c: config.b * 2 }), ({ config }: any) => ({ b: config.a + 1 }), { a: 1 }];
    assert.equal(evalModules({ modules: [decl, ...mods] }).config.c, 4);
    assert.equal(evalModules({ modules: [decl, ...mods.reverse()] }).config.c, 4);
  });

  test("submodule values read the parent configuration", () => {
    const ev = evalModules({
      modules: [
        {
          options: {
            domain: mkOption({ type: types.str }),
            hosts: mkOption({ type: types.attrsOf(types.submodule({ options: { fqdn: mkOption({ type: types.str }) } })) }),
          },
        },
        ({ config }: any) => ({ domain: "example.org", hosts: { www: { fqdn: `www.${config.domain}` } } }),
      ],
    });
    assert.equal(ev.config.hosts.www.fqdn, "www.example.org");
  });
});

describe("laziness", () => {
  test("only forced options are evaluated: a definition that would fail is harmless unread", () => {
    const ev = evalModules({ modules: [defineThrowsUnread] });
    assert.equal(ev.config.fine, "ok");
    assert.throws(() => ev.config.broken, (e: unknown) => e instanceof NoValueError && e.loc.join(".") === "missing");
  });

  test("a module's function is not re-run once its output is final", () => {
    let calls = 0;
    const decl = { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }), x: mkOption({ type: types.int }) } };
    const counted = ({ config }: any) => {
      calls++;
      return { a: config.x, b: config.x + 1 };
    };
    const ev = evalModules({ modules: [decl, counted, { x: 1 }] });
    assert.equal(ev.config.a, 1);
    assert.equal(ev.config.b, 2);
    assert.equal(ev.config.a, 1);
    assert.ok(calls <= 2, `called ${calls} times`);
  });

  test("Object.keys on config lists names without computing values", () => {
    const ev = evalModules({ modules: [defineThrowsUnread] });
    assert.deepEqual(Object.keys(ev.config), ["broken", "fine", "missing"]);
    assert.throws(() => JSON.stringify(ev.config), NoValueError);
  });

  test("declaration attributes of an unread option are never forced", () => {
    let forced = false;
    const ev = evalModules({
      modules: [
        {
          options: {
            used: mkOption({ type: types.int, default: 1 }),
            unused: mkOption({
              type: types.int,
              apply: () => {
                forced = true;
                return 0;
              },
            }),
          },
        },
      ],
    });
    assert.equal(ev.config.used, 1);
    assert.equal(forced, false);
  });

  test("attrsOf values: reading one key does not compute the others", () => {
    let computed = 0;
    const ev = evalModules({
      modules: [
        { options: { m: mkOption({ type: types.attrsOf(types.int), apply: (v: Record<string, number>) => v }) } },
        { m: { a: 1, b: 2 } },
        {
          options: { n: mkOption({ type: types.attrsOf(types.functionTo(types.int)) }) },
          config: {
            n: {
              f: () => {
                computed += 1;
                return 1;
              },
            },
          },
        },
      ],
    });
    assert.equal(ev.config.m.a, 1);
    assert.equal(computed, 0);
  });
});

describe("cycles", () => {
  test("a true cycle fails with infinite recursion and the chain of options", () => {
    const ev = evalModules({ modules: [defineCycle] });
    assert.equal(ev.config.c, 3);
    assert.throws(
      () => ev.config.a,
      (e: unknown) => {
        assert.ok(e instanceof InfiniteRecursionError);
        assert.deepEqual(e.chain.map((l) => l.join(".")), ["a", "b", "a"]);
        assert.match(e.message, /^infinite recursion encountered while evaluating the option `a':\n {2}a -> b -> a$/);
        return true;
      },
    );
  });

  test("a cycle through an option's default", () => {
    const ev = evalModules({
      modules: [
        ({ config }: any) => ({
          options: { x: mkOption({ type: types.int, default: config.y }), y: mkOption({ type: types.int, default: config.x }) },
        }),
      ],
    });
    assert.throws(() => ev.config.x, InfiniteRecursionError);
  });

  test("a self-referencing apply is a cycle", () => {
    const ev = evalModules({
      modules: [{ options: { s: mkOption({ type: types.int, default: 1, apply: (_v: number, { config }: any) => config.s }) } }],
    });
    assert.throws(() => ev.config.s, (e: unknown) => e instanceof InfiniteRecursionError && e.chain[0]!.join(".") === "s");
  });

  test("choosing which options to define from config recurses, as in Nix", () => {
    const ev = evalModules({ modules: [defineStructure] });
    assert.throws(() => ev.config.x, (e: unknown) => e instanceof InfiniteRecursionError && /depends on option values/.test(e.message));
  });

  test("the config of a module computed wholesale from config cannot be structured", () => {
    assert.throws(
      () => evalModules({ modules: [declareEnable, ({ config }: any) => config.other] }).config.enable,
      (e: unknown) => e instanceof InfiniteRecursionError && /is computed from option values/.test(e.message),
    );
  });
});
