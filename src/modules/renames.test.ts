import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  assertionsModule,
  AssertionsFailedError,
  checkAssertions,
  evalModules,
  mkAliasOptionModule,
  mkChangedOptionModule,
  mkDefault,
  mkMergedOptionModule,
  mkOption,
  mkRemovedOptionModule,
  mkRenamedOptionModule,
  RemovedOptionError,
  TypeMismatchError,
  types,
} from "./index.ts";

const decl = {
  options: {
    services: { ssh: { ports: mkOption({ type: types.listOf(types.port), default: [22] }), enable: mkOption({ type: types.bool, default: false }) } },
  },
};

describe("renames and removals", () => {
  test("mkRenamedOptionModule forwards definitions (with their files and priority) and warns", () => {
    const ev = evalModules({
      modules: [assertionsModule, decl, mkRenamedOptionModule(["services", "sshd", "ports"], ["services", "ssh", "ports"]), { _file: "host.ts", services: { sshd: { ports: [2222] } } }],
    });
    assert.deepEqual(ev.config.services.ssh.ports, [2222]);
    assert.deepEqual(ev.options.services.ssh.ports.files, ["host.ts"]);
    assert.deepEqual(ev.config.services.sshd.ports, [2222]);
    assert.deepEqual(checkAssertions(ev), ["The option `services.sshd.ports' defined in `host.ts' has been renamed to `services.ssh.ports'."]);
  });

  test("renamed definitions keep their priority: an old mkDefault loses to a new plain value", () => {
    const ev = evalModules({
      modules: [decl, mkRenamedOptionModule(["oldEnable"], ["services", "ssh", "enable"]), { oldEnable: mkDefault(true) }, { services: { ssh: { enable: false } } }],
    });
    assert.equal(ev.config.services.ssh.enable, false);
  });

  test("the new option's type checks renamed definitions", () => {
    const ev = evalModules({ modules: [decl, mkRenamedOptionModule(["old"], ["services", "ssh", "ports"]), { _file: "h.ts", old: ["x"] }] });
    assert.throws(() => ev.config.services.ssh.ports, TypeMismatchError);
  });

  test("without a warnings option, renames do not warn (and do not fail)", () => {
    const ev = evalModules({ modules: [decl, mkRenamedOptionModule(["old"], ["services", "ssh", "enable"]), { old: true }] });
    assert.equal(ev.config.services.ssh.enable, true);
  });

  test("mkAliasOptionModule is visible and silent", () => {
    const ev = evalModules({ modules: [assertionsModule, decl, mkAliasOptionModule(["sshPorts"], ["services", "ssh", "ports"]), { sshPorts: [1] }] });
    assert.deepEqual(ev.config.services.ssh.ports, [1]);
    assert.deepEqual(checkAssertions(ev), []);
    assert.equal(ev.options.sshPorts.visible, true);
  });

  test("renaming to an option that does not exist fails (the forwarded definition is unmatched, as in Nix)", () => {
    const ev = evalModules({ modules: [mkAliasOptionModule(["a"], ["nowhere"])] });
    assert.throws(() => ev.config.a, /The option `nowhere' does not exist/);
  });

  test("mkRemovedOptionModule: reading throws; defining fails the assertions naming the file", () => {
    const removed = mkRemovedOptionModule(["services", "old"], "Use services.ssh instead.");
    const unused = evalModules({ modules: [assertionsModule, removed] });
    assert.deepEqual(checkAssertions(unused), []);
    assert.throws(() => unused.config.services.old, (e: unknown) => e instanceof RemovedOptionError && /The option `services.old' can no longer be used since it's been removed. Use services.ssh instead./.test(e.message));
    const used = evalModules({ modules: [assertionsModule, removed, { _file: "host.ts", services: { old: 1 } }] });
    assert.throws(
      () => checkAssertions(used),
      (e: unknown) => {
        assert.ok(e instanceof AssertionsFailedError);
        assert.match(e.message, /^Failed assertions:\n- The option definition `services.old' in `host.ts' no longer has any effect; please remove it.\nUse services.ssh instead./);
        return true;
      },
    );
  });

  test("mkChangedOptionModule / mkMergedOptionModule compute the new option and warn", () => {
    const target = { options: { port: mkOption({ type: types.str, default: "none" }) } };
    const changed = mkChangedOptionModule(["portNumber"], ["port"], (config: any) => `:${config.portNumber}`);
    const ev = evalModules({ modules: [assertionsModule, target, changed, { _file: "h.ts", portNumber: 80 }] });
    assert.equal(ev.config.port, ":80");
    assert.deepEqual(checkAssertions(ev), [
      "The option `portNumber' defined in `h.ts' has been changed to `port' that has a different type. Please read `port' documentation and update your configuration accordingly.",
    ]);
    assert.equal(evalModules({ modules: [assertionsModule, target, changed] }).config.port, "none");
    const merged = mkMergedOptionModule([["host"], ["p"]], ["port"], (c: any) => `${c.host}:${c.p}`);
    assert.equal(evalModules({ modules: [assertionsModule, target, merged, { host: "h", p: 1 }] }).config.port, "h:1");
  });
});

describe("assertions and warnings", () => {
  test("all failed assertions are reported together, each with its file", () => {
    const ev = evalModules({
      modules: [
        assertionsModule,
        { _file: "a.ts", assertions: [{ assertion: false, message: "first" }, { assertion: true, message: "fine" }] },
        { _file: "b.ts", assertions: [{ assertion: false, message: "second" }] },
      ],
    });
    assert.throws(
      () => checkAssertions(ev),
      (e: unknown) => {
        assert.ok(e instanceof AssertionsFailedError);
        assert.equal(e.code, "assertion-failed");
        assert.equal(e.message, "Failed assertions:\n- second (defined in `b.ts')\n- first (defined in `a.ts')");
        assert.deepEqual(e.failures.map((f) => f.files), [["b.ts"], ["a.ts"]]);
        return true;
      },
    );
  });

  test("assertions may read config; warnings are returned", () => {
    const ev = evalModules({
      modules: [
        assertionsModule,
        { options: { n: mkOption({ type: types.int, default: 3 }) } },
        ({ config }: any) => ({ assertions: [{ assertion: config.n > 1, message: "n > 1" }], warnings: [`n is ${config.n}`] }),
      ],
    });
    assert.deepEqual(checkAssertions(ev), ["n is 3"]);
  });
});
