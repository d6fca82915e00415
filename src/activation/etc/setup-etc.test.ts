import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { activateEtc } from "./setup-etc.ts";

/** Builds an etc tree as the toplevel builder does: links to sources, plus .mode/.uid/.gid sidecars. */
function etcTree(base: string, name: string, files: Record<string, { text: string; mode?: string }>): string {
  const tree = join(base, name, "etc");
  for (const [rel, file] of Object.entries(files)) {
    const source = join(base, name, "sources", rel.replace(/\//g, "-"));
    mkdirSync(dirname(source), { recursive: true });
    writeFileSync(source, file.text);
    const path = join(tree, rel);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(source, path);
    if (file.mode) {
      writeFileSync(`${path}.mode`, file.mode);
      writeFileSync(`${path}.uid`, "+0");
      writeFileSync(`${path}.gid`, "+0");
    }
  }
  return tree;
}

test("switching etc trees relinks, copies with modes, removes what vanished, and leaves user files alone", () => {
  const base = mkdtempSync(join(tmpdir(), "keel-etc-"));
  const root = join(base, "root");
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/user-file"), "mine");
  const gen1 = etcTree(base, "gen1", {
    hostname: { text: "one\n" },
    "ssh/sshd_config": { text: "Port 22\n" },
    "sudoers": { text: "root ALL=(ALL) ALL\n", mode: "0440" },
    "old.conf": { text: "old\n" },
  });
  const first = activateEtc({ root, etcTree: gen1 });
  assert.deepEqual(first.copied, ["sudoers"]);
  assert.equal(readlinkSync(join(root, "etc/static")), gen1);
  assert.equal(readlinkSync(join(root, "etc/hostname")), join(root, "etc/static/hostname"));
  assert.equal(readFileSync(join(root, "etc/ssh/sshd_config"), "utf8"), "Port 22\n");
  assert.ok(lstatSync(join(root, "etc/sudoers")).isFile());
  assert.equal(statSync(join(root, "etc/sudoers")).mode & 0o777, 0o440);
  assert.equal(readFileSync(join(root, "etc/.clean"), "utf8"), "sudoers\n");

  const gen2 = etcTree(base, "gen2", { hostname: { text: "two\n" }, "ssh/sshd_config": { text: "Port 2222\n" } });
  const dry = activateEtc({ root, etcTree: gen2, dryRun: true });
  assert.deepEqual(dry.removed.sort(), ["/etc/old.conf", "/etc/sudoers"]);
  assert.equal(readlinkSync(join(root, "etc/static")), gen1, "dry run changes nothing");
  assert.ok(existsSync(join(root, "etc/old.conf")));

  const second = activateEtc({ root, etcTree: gen2 });
  assert.deepEqual(second.removed.sort(), ["/etc/old.conf", "/etc/sudoers"]);
  assert.equal(readFileSync(join(root, "etc/hostname"), "utf8"), "two\n");
  assert.equal(readFileSync(join(root, "etc/ssh/sshd_config"), "utf8"), "Port 2222\n");
  assert.ok(!existsSync(join(root, "etc/old.conf")));
  assert.ok(!existsSync(join(root, "etc/sudoers")));
  assert.equal(readFileSync(join(root, "etc/user-file"), "utf8"), "mine");
  assert.equal(readFileSync(join(root, "etc/.clean"), "utf8"), "");

  // Idempotent: a second run with the same tree changes nothing and removes nothing.
  assert.deepEqual(activateEtc({ root, etcTree: gen2 }).removed, []);
});
