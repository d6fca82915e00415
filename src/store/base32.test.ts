import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { decodeBase32, encodeBase32, storeHashOf } from "./base32.ts";
import { normaliseSha256 } from "./hash-formats.ts";

describe("Nix base-32", () => {
  test("encodes SHA-256 of the empty string as Nix prints it", () => {
    const digest = createHash("sha256").update("").digest();
    // `nix-hash --type sha256 --to-base32 e3b0c442...b855`
    assert.equal(encodeBase32(digest), "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73");
  });

  test("round-trips arbitrary bytes", () => {
    for (const len of [1, 5, 20, 32]) {
      const bytes = createHash("sha256").update(String(len)).digest().subarray(0, len);
      const text = encodeBase32(bytes);
      assert.equal(text.length, Math.ceil((len * 8) / 5));
      assert.deepEqual(Buffer.from(decodeBase32(text, len)!), Buffer.from(bytes));
    }
  });

  test("store hashes are 32 characters of the alphabet", () => {
    const h = storeHashOf("anything");
    assert.match(h, /^[0123456789abcdfghijklmnpqrsvwxyz]{32}$/);
    assert.notEqual(h, storeHashOf("anything else"));
  });

  test("reads hex, Nix base-32 and SRI SHA-256s alike", () => {
    const hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assert.equal(normaliseSha256(hex.toUpperCase()), hex);
    assert.equal(normaliseSha256("0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"), hex);
    assert.equal(normaliseSha256("sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="), hex);
    assert.throws(() => normaliseSha256("abc"), { code: "invalid-hash" });
  });
});
