import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { preSwitchChecksDisabled, renderPreSwitchCheckScript } from "./pre-switch-checks.ts";
import { checkSwitchInhibitors, inhibitorChanges } from "./switch-inhibitors.ts";

describe("switch inhibitors (reference §3.13)", () => {
  test("only keys on both sides with different values count", () => {
    assert.deepEqual(inhibitorChanges({ a: "1", b: "x", gone: "1" }, { a: "2", b: "x", added: "1" }), ["a : 1 -> 2"]);
  });

  test("the check compares /run/current-system's file with the incoming one; boot is never checked; unparsable is {}", () => {
    const root = mkdtempSync(join(tmpdir(), "keel-inhibit-"));
    const gen = (name: string, text: string | null) => {
      const dir = join(root, name);
      mkdirSync(dir);
      if (text !== null) writeFileSync(join(dir, "switch-inhibitors"), text);
      return dir;
    };
    const old = gen("old", JSON.stringify({ "dbus-implementation": "dbus" }));
    const changed = gen("changed", JSON.stringify({ "dbus-implementation": "broker" }));
    const broken = gen("broken", "{not json");
    mkdirSync(join(root, "run"));
    symlinkSync(old, join(root, "run/current-system"));
    const blocked = checkSwitchInhibitors({ incoming: changed, action: "switch", root });
    assert.equal(blocked.ok, false);
    assert.deepEqual(blocked.lines.slice(1, 4), ["There are changes to critical components of the system:", "", "  dbus-implementation : dbus -> broker"]);
    assert.deepEqual(checkSwitchInhibitors({ incoming: changed, action: "boot", root }), { ok: true, lines: ["Not checking switch inhibitors (action = boot)"] });
    assert.deepEqual(checkSwitchInhibitors({ incoming: broken, action: "switch", root }), { ok: true, lines: ["Checking switch inhibitors... done"] });
    assert.equal(checkSwitchInhibitors({ incoming: gen("none", null), action: "test", root }).ok, true);
  });
});

describe("pre-switch checks", () => {
  const script = (checks: Record<string, string>) => {
    const path = join(mkdtempSync(join(tmpdir(), "keel-checks-")), "pre-switch-check");
    writeFileSync(path, renderPreSwitchCheckScript({ bash: "/bin/bash", path: "/usr/bin:/bin", checks }));
    chmodSync(path, 0o755);
    return (...args: string[]) => spawnSync(path, args, { encoding: "utf8" });
  };

  test("fragments run in name order with $1 $2; the first failure is named and stops the rest", () => {
    const r = script({ b: 'echo "b $1 $2"; exit 2', a: 'echo "a $1 $2"', c: "echo c" })("/top", "switch");
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "a /top switch\nb /top switch\nPre-switch check 'b' failed\n");
  });

  test("each fragment is a subshell: its exit does not end the script", () => {
    const r = script({ a: "exit 0", b: "echo b" })("/top", "test");
    assert.equal(r.status, 0);
    assert.equal(r.stderr, "b\n");
  });

  test("KEEL_NO_CHECK=1 and NIXOS_NO_CHECK=1 disable them", () => {
    assert.equal(preSwitchChecksDisabled({ KEEL_NO_CHECK: "1" }), true);
    assert.equal(preSwitchChecksDisabled({ NIXOS_NO_CHECK: "1" }), true);
    assert.equal(preSwitchChecksDisabled({ KEEL_NO_CHECK: "0" }), false);
  });
});
