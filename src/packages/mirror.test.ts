import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { MirrorNotFoundError } from "./errors.ts";
import { parseOneLineSources, resolveMirror } from "./mirror.ts";

function aptEtc(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "keel-apt-etc-"));
  mkdirSync(join(dir, "sources.list.d"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const deb822 = `Types: deb
URIs: http://mirror.example/debian/
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb deb-src
URIs: http://security.example/debian-security
Suites: bookworm-security
Components: main contrib

Types: deb
Enabled: no
URIs: http://disabled.example/debian
Suites: bookworm
Components: main
`;

describe("resolveMirror", () => {
  test("reads deb822 .sources files, one URL per suite, trailing slash dropped", () => {
    const etc = aptEtc({ "sources.list.d/debian.sources": deb822 });
    const mirror = resolveMirror(undefined, { aptEtc: etc, env: {} });
    assert.deepEqual(mirror.suites, {
      bookworm: "http://mirror.example/debian",
      "bookworm-updates": "http://mirror.example/debian",
      "bookworm-security": "http://security.example/debian-security",
    });
    assert.equal(mirror.origin, "apt sources");
  });

  test("reads one-line sources.list with options and comments; first source of a suite wins", () => {
    const etc = aptEtc({
      "sources.list": [
        "# a comment",
        "deb-src http://src.example/debian bookworm main",
        "deb [arch=amd64 signed-by=/k.gpg] http://one.example/debian bookworm main contrib # trailing",
        "deb http://two.example/debian bookworm main",
        "deb http://one.example/debian-security bookworm-security main",
      ].join("\n"),
    });
    const mirror = resolveMirror(undefined, { aptEtc: etc, env: {} });
    assert.equal(mirror.suites.bookworm, "http://one.example/debian");
    assert.equal(mirror.suites["bookworm-security"], "http://one.example/debian-security");
    assert.equal(mirror.suites["bookworm-updates"], undefined);
  });

  test("a flag beats the environment, which beats apt; security keeps the apt URL", () => {
    const etc = aptEtc({ "sources.list.d/debian.sources": deb822 });
    const env = { KEEL_DEBIAN_MIRROR: "http://env.example/debian" };
    assert.equal(resolveMirror(undefined, { aptEtc: etc, env }).suites.bookworm, "http://env.example/debian");
    const flagged = resolveMirror("http://flag.example/debian/", { aptEtc: etc, env });
    assert.equal(flagged.suites.bookworm, "http://flag.example/debian");
    assert.equal(flagged.suites["bookworm-updates"], "http://flag.example/debian");
    assert.equal(flagged.suites["bookworm-security"], "http://security.example/debian-security");
    assert.equal(flagged.origin, "--mirror");
  });

  test("without apt sources an explicit mirror serves security from <mirror>-security", () => {
    const etc = aptEtc({});
    assert.equal(resolveMirror("http://m.example/debian", { aptEtc: etc, env: {} }).suites["bookworm-security"], "http://m.example/debian-security");
  });

  test("no bookworm source and no override is a clear error", () => {
    const etc = aptEtc({ "sources.list": "deb http://x.example/debian trixie main\n" });
    assert.throws(() => resolveMirror(undefined, { aptEtc: etc, env: {} }), (e: unknown) => {
      assert.ok(e instanceof MirrorNotFoundError);
      assert.match(e.message, /--mirror/);
      assert.match(e.message, /sources\.list/);
      return true;
    });
  });

  test("one-line parser ignores deb-src and keeps components", () => {
    const parsed = parseOneLineSources("deb-src http://a/ b c\ndeb http://a/debian bookworm main non-free\n", "f");
    assert.deepEqual(parsed, [{ uri: "http://a/debian", suites: ["bookworm"], components: ["main", "non-free"], file: "f" }]);
  });
});
