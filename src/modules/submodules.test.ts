import assert from "node:assert/strict";
import { describe, test } from "node:test";
import declareFreeform from "./fixtures/declare-freeform.ts";
import declareUsers from "./fixtures/declare-users.ts";
import declareUsersExtra from "./fixtures/declare-users-extra.ts";
import defineUsers from "./fixtures/define-users.ts";
import { evalModules, mkDefault, mkForce, mkOption, TypeMismatchError, types, UnknownOptionError } from "./index.ts";

describe("submodules", () => {
  test("attrsOf (submodule) gets `name`; defaults read the submodule's own config", () => {
    const ev = evalModules({ modules: [declareUsers, defineUsers] });
    const { alice, bob } = ev.config.users;
    assert.equal(alice.name, "alice");
    assert.equal(alice.home, "/home/alice");
    assert.equal(alice.shell, "/bin/bash");
    assert.equal(bob.home, "/srv/bob");
    assert.equal(bob.shell, "/bin/zsh");
    assert.deepEqual(Object.keys(ev.config.users), ["alice", "bob"]);
    assert.deepEqual(JSON.parse(JSON.stringify(ev.config.users.alice)), {
      home: "/home/alice",
      isNormalUser: true,
      name: "alice",
      shell: "/bin/bash",
    });
  });

  test("definitions from several modules merge inside the submodule, with priorities", () => {
    const ev = evalModules({
      modules: [declareUsers, defineUsers, { users: { bob: { shell: "/bin/fish" } } }, { users: { alice: { home: mkForce("/root") } } }],
    });
    assert.equal(ev.config.users.bob.shell, "/bin/fish");
    assert.equal(ev.config.users.alice.home, "/root");
  });

  test("a submodule option declared in two modules combines their options", () => {
    const ev = evalModules({ modules: [declareUsers, declareUsersExtra, defineUsers, { users: { bob: { uid: 1001 } } }] });
    assert.equal(ev.config.users.bob.uid, 1001);
    assert.equal(ev.config.users.alice.uid, null);
    assert.equal(ev.config.users.alice.home, "/home/alice");
  });

  test("options.foo.bar next to a submodule option foo extends the submodule", () => {
    const ev = evalModules({
      modules: [
        { options: { foo: mkOption({ type: types.submodule({ options: { a: mkOption({ type: types.int, default: 1 }) } }), default: {} }) } },
        { options: { foo: { b: mkOption({ type: types.int, default: 2 }) } } },
        { foo: { b: 3 } },
      ],
    });
    assert.deepEqual({ ...ev.config.foo }, { a: 1, b: 3 });
  });

  test("an unknown option inside a submodule names the full path, with a suggestion", () => {
    const ev = evalModules({ modules: [declareUsers, { _file: "host.ts", users: { carol: { hom: "/x" } } }] });
    assert.throws(
      () => ev.config.users.carol,
      (e: unknown) => {
        assert.ok(e instanceof UnknownOptionError);
        assert.deepEqual(e.loc, ["users", "carol", "hom"]);
        assert.equal(e.message, "The option `users.carol.hom' does not exist. Definition values:\n- In `host.ts': \"/x\"\n\nDid you mean `users.carol.home', `users.carol.name' or `users.carol.shell'?");
        return true;
      },
    );
  });

  test("type errors inside a submodule carry the full loc", () => {
    const ev = evalModules({ modules: [declareUsers, { _file: "host.ts", users: { dave: { isNormalUser: "yes" } } }] });
    assert.throws(() => ev.config.users.dave.isNormalUser, (e: unknown) => e instanceof TypeMismatchError && e.loc.join(".") === "users.dave.isNormalUser");
  });

  test("submodule definitions may be functions of { name, config }", () => {
    const ev = evalModules({
      modules: [declareUsers, { users: { eve: ({ name }: any) => ({ home: `/var/${name}`, isNormalUser: mkDefault(true) }) } }],
    });
    assert.equal(ev.config.users.eve.home, "/var/eve");
    assert.equal(ev.config.users.eve.shell, "/bin/bash");
  });

  test("listOf (submodule) elements are named [definition n-entry m]", () => {
    const ev = evalModules({
      modules: [
        { options: { l: mkOption({ type: types.listOf(types.submodule(({ name }: any) => ({ options: { n: mkOption({ default: name }) } }))) }) } },
        { l: [{}, {}] },
      ],
    });
    assert.deepEqual(ev.config.l.map((x: { n: string }) => x.n), ["[definition 1-entry 1]", "[definition 1-entry 2]"]);
  });

  test("a submodule option with no definitions has its defaults (emptyValue)", () => {
    const ev = evalModules({ modules: [{ options: { s: mkOption({ type: types.submodule({ options: { a: mkOption({ default: 5 }) } }) }) } }] });
    assert.equal(ev.config.s.a, 5);
  });

  test("submoduleWith specialArgs and shorthandOnlyDefinesConfig = false (definitions are modules)", () => {
    const t = types.submoduleWith({
      modules: [{ options: { greeting: mkOption({ type: types.str }) } }],
      specialArgs: { who: "world" },
    });
    const ev = evalModules({ modules: [{ options: { s: mkOption({ type: t }) } }, { s: { config: { greeting: "hi" } } }, { s: ({ who }: any) => ({ config: { greeting: `hello ${who}` } }) }] });
    assert.throws(() => ev.config.s.greeting, /conflicting definition values/);
    const ok = evalModules({ modules: [{ options: { s: mkOption({ type: t }) } }, { s: ({ who }: any) => ({ config: { greeting: `hello ${who}` } }) }] });
    assert.equal(ok.config.s.greeting, "hello world");
  });
});

describe("deferredModule", () => {
  test("a submodule importing config.defaults (a deferred module) per instance", () => {
    const ev = evalModules({
      modules: [
        ({ config }: any) => ({
          options: {
            defaults: mkOption({ type: types.deferredModule, default: {} }),
            nodes: mkOption({ type: types.attrsOf(types.submodule({ imports: [config.defaults], options: { x: mkOption({ type: types.int, default: 0 }) } })) }),
          },
        }),
        { defaults: { x: mkDefault(5) }, nodes: { a: {}, b: { x: 7 } } },
      ],
    });
    assert.equal(ev.config.nodes.a.x, 5);
    assert.equal(ev.config.nodes.b.x, 7);
  });
});

describe("freeform modules", () => {
  test("undeclared settings merge with the freeform type; declared ones keep their type", () => {
    const ev = evalModules({ modules: [declareFreeform, { settings: { name: "x", retries: 3 } }, { settings: { level: mkDefault("info") } }] });
    assert.deepEqual({ ...ev.config.settings }, { level: "info", name: "x", port: 8080, retries: 3 });
    assert.equal(ev.config.settings.port, 8080);
  });

  test("a freeform value of the wrong type names its own loc", () => {
    const ev = evalModules({ modules: [declareFreeform, { _file: "bad.ts", settings: { bad: true } }] });
    assert.throws(() => ev.config.settings.bad, (e: unknown) => e instanceof TypeMismatchError && e.loc.join(".") === "settings.bad");
  });

  test("freeformType at the top level of an evaluation", () => {
    const ev = evalModules({ modules: [{ freeformType: types.attrsOf(types.int), options: { fixed: mkOption({ default: 1 }) } }, { a: 2, b: 3 }] });
    assert.deepEqual(JSON.parse(JSON.stringify(ev.config)), { a: 2, b: 3, fixed: 1 });
    assert.equal(ev.options.a, undefined);
    assert.equal(types.submodule({ freeformType: types.attrsOf(types.str) }).description, "open submodule of attribute set of string");
  });

  test("_module.check = false ignores unknown definitions", () => {
    const ev = evalModules({ modules: [{ options: { a: mkOption({ default: 1 }) } }, { _module: { check: false }, nope: 1 }] });
    assert.deepEqual(Object.keys(ev.config), ["a"]);
  });

  test("options declared in one file with one submodule type share the located type; other files keep theirs", () => {
    const member = types.submodule({ options: { x: mkOption({ type: types.int, default: 1 }) } });
    const ev = evalModules({
      modules: [
        { _file: "/a.ts", options: { a: mkOption({ type: types.attrsOf(member), default: {} }), a2: mkOption({ type: types.attrsOf(member), default: {} }) } },
        { _file: "/b.ts", options: { b: mkOption({ type: types.attrsOf(member), default: {} }) } },
        { a: { k: { x: 2 } }, a2: { k: {} }, b: { k: { x: 3 } } },
      ],
    });
    const o = ev.options;
    assert.equal(o.a.type, o.a2.type);
    assert.notEqual(o.a.type, o.b.type);
    // The submodule's declarations are located at the file declaring each option.
    assert.deepEqual(o.a.type.getSubOptions(["a", "k"]).x.declarations, ["/a.ts"]);
    assert.deepEqual(o.b.type.getSubOptions(["b", "k"]).x.declarations, ["/b.ts"]);
    assert.deepEqual(JSON.parse(JSON.stringify(ev.config)), { a: { k: { x: 2 } }, a2: { k: { x: 1 } }, b: { k: { x: 3 } } });
  });
});
