import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { narHash } from "./nar.ts";

const root = mkdtempSync(join(tmpdir(), "keel-nar-"));
after(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "bin"), { recursive: true });
  writeFileSync(join(dir, "bin", "tool"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
  writeFileSync(join(dir, "README"), "hello\n");
  symlinkSync("bin/tool", join(dir, "alias"));
  return dir;
}

describe("NAR hashing", () => {
  test("matches Nix's narHash of a single file (nix-store --dump | sha256sum)", () => {
    const file = join(root, "hello.txt");
    writeFileSync(file, "hello\n");
    // The NAR of a regular file with "hello\n", built byte by byte from the format's definition.
    const str = (s: string) => {
      const b = Buffer.from(s);
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(b.length));
      return Buffer.concat([len, b, Buffer.alloc((8 - (b.length % 8)) % 8)]);
    };
    const nar = Buffer.concat(["nix-archive-1", "(", "type", "regular", "contents", "hello\n", ")"].map(str));
    assert.equal(narHash(file).sha256, createHash("sha256").update(nar).digest("hex"));
    assert.equal(narHash(file).size, nar.length);
  });

  test("ignores timestamps and non-executable mode bits, sees content, exec bit and links", () => {
    const a = tree("a");
    const b = tree("b");
    utimesSync(join(b, "README"), 12345, 12345);
    chmodSync(join(b, "README"), 0o600);
    assert.equal(narHash(a).sha256, narHash(b).sha256);
    chmodSync(join(b, "bin", "tool"), 0o644);
    assert.notEqual(narHash(a).sha256, narHash(b).sha256);
    const c = tree("c");
    rmSync(join(c, "alias"));
    symlinkSync("README", join(c, "alias"));
    assert.notEqual(narHash(a).sha256, narHash(c).sha256);
  });
});

