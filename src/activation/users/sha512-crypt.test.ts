import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { test } from "node:test";
import { hashPassword, sha512Crypt } from "./sha512-crypt.ts";

test("matches the specification's published test vectors", () => {
  assert.equal(
    sha512Crypt("Hello world!", "saltstring"),
    "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
  );
  assert.equal(
    sha512Crypt("Hello world!", "saltstringsaltstring", 10000),
    "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
  );
});

test("agrees with openssl passwd -6 for other lengths", { skip: spawnSync("openssl", ["version"]).status !== 0 }, () => {
  for (const [password, salt] of [["a", "abc"], ["x".repeat(80), "0123456789abcdef"], ["pässwörd", "Xy./"]] as const) {
    const expected = execFileSync("openssl", ["passwd", "-6", "-salt", salt, password], { encoding: "utf8" }).trim();
    assert.equal(sha512Crypt(password, salt), expected);
  }
});

test("fresh hashes use a new 8-character salt each time", () => {
  const a = hashPassword("secret");
  assert.match(a, /^\$6\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{86}$/);
  assert.notEqual(a, hashPassword("secret"));
});
