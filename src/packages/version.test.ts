import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareVersions, satisfies } from "./version.ts";

describe("compareVersions (dpkg ordering)", () => {
  const ascending = [
    "1.0~rc1",
    "1.0",
    "1.0-1",
    "1.0-1+b1",
    "1.0-1+deb12u1",
    "1.0a",
    "1.1",
    "1.10",
    "2.36-9+deb12u13",
    "2.36-9+deb12u14",
    "1:0.1",
  ];
  test("orders a known ascending list", () => {
    for (let i = 0; i + 1 < ascending.length; i++) {
      const a = ascending[i] as string;
      const b = ascending[i + 1] as string;
      assert.ok(compareVersions(a, b) < 0, `${a} < ${b}`);
      assert.ok(compareVersions(b, a) > 0, `${b} > ${a}`);
    }
  });
  test("equal versions and leading zeros", () => {
    assert.equal(compareVersions("1.01", "1.1"), 0);
    assert.equal(compareVersions("0:1.2-3", "1.2-3"), 0);
  });
  test("tilde sorts before the end of the string", () => {
    assert.ok(compareVersions("5.7-0.5~deb12u1", "5.7-0.5") < 0);
  });
  test("relations", () => {
    assert.ok(satisfies("2.36-9", ">=", "2.34"));
    assert.ok(!satisfies("2.36-9", "<<", "2.36-9"));
    assert.ok(satisfies("2.36-9", "=", "2.36-9"));
    assert.ok(satisfies("1:9.2p1-2", ">>", "1:9.0"));
  });
});
