import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { IndexRecord } from "./archive-index.ts";
import { parseRelations } from "./archive-index.ts";
import { ResolveError } from "./errors.ts";
import { linkDepends } from "./link-depends.ts";

function record(name: string, version: string, fields: Partial<IndexRecord> = {}): IndexRecord {
  return { name, version, architecture: "amd64", suite: "bookworm", filename: `pool/${name}.deb`, size: 1, sha256: "0".repeat(64), essential: false, preDepends: "", depends: "", provides: "", ...fields };
}

describe("parseRelations", () => {
  test("clauses, alternatives, versions and arch qualifiers", () => {
    assert.deepEqual(parseRelations("libc6 (>= 2.34), python3:any | perl (<< 6~), foo"), [
      [{ name: "libc6", op: ">=", version: "2.34" }],
      [{ name: "python3" }, { name: "perl", op: "<<", version: "6~" }],
      [{ name: "foo" }],
    ]);
    assert.deepEqual(parseRelations(""), []);
  });
});

describe("linkDepends", () => {
  test("takes the first satisfied alternative, through Provides, and respects versions", () => {
    const selected = [
      record("app", "1", { preDepends: "libc6 (>= 2.30)", depends: "default-mta | mail-transport-agent, awk, libold (>= 2) | libnew" }),
      record("libc6", "2.36-9", { depends: "libgcc-s1" }),
      record("libgcc-s1", "12.2.0-14", { depends: "libc6 (>= 2.35)" }),
      record("exim4-daemon-light", "4.96", { provides: "mail-transport-agent" }),
      record("mawk", "1.3.4", { provides: "awk" }),
      record("libold", "1.0"),
      record("libnew", "3.0"),
    ];
    const deps = linkDepends(selected);
    assert.deepEqual(deps.get("app"), ["exim4-daemon-light", "libc6", "libnew", "mawk"]);
    // The libc6 <-> libgcc-s1 cycle is recorded both ways.
    assert.deepEqual(deps.get("libc6"), ["libgcc-s1"]);
    assert.deepEqual(deps.get("libgcc-s1"), ["libc6"]);
  });

  test("a versioned Provides satisfies a versioned dependency only when the version fits", () => {
    const deps = linkDepends([record("a", "1", { depends: "virt (>= 2)" }), record("p1", "1", { provides: "virt (= 1)" }), record("p2", "1", { provides: "virt (= 2)" })]);
    assert.deepEqual(deps.get("a"), ["p2"]);
  });

  test("an unsatisfied clause is an error naming the package and the clause", () => {
    assert.throws(() => linkDepends([record("a", "1", { depends: "libc6 (>= 3)" }), record("libc6", "2.36")]), (e: unknown) => {
      assert.ok(e instanceof ResolveError);
      assert.match(e.message, /libc6 \(>= 3\)/);
      assert.match(e.message, /dependency of a 1/);
      return true;
    });
  });
});
