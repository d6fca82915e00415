import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

test("users.motd becomes /etc/motd; unset, Keel declares no /etc/motd (Debian's stays)", () => {
  const { config } = evaluateWith({ config: { users: { motd: "Welcome to the lab.\nBackups run at 02:00." } } });
  assert.equal(config.environment.etc.motd.text, "Welcome to the lab.\nBackups run at 02:00.");
  assert.equal("motd" in evaluateWith({}).config.environment.etc, false);
});

test("users.motdFile is read when the configuration is built", () => {
  const file = join(mkdtempSync(join(tmpdir(), "keel-motd-")), "motd");
  writeFileSync(file, "From a file.\n");
  const evaluated = evaluateWith({ config: { users: { motdFile: file } } });
  assert.equal(evaluated.config.environment.etc.motd.text, "From a file.\n");
  assert.equal(failedAssertions(evaluated), "");
});

test("setting both is an assertion naming the two options", () => {
  const file = join(mkdtempSync(join(tmpdir(), "keel-motd-")), "motd");
  writeFileSync(file, "x\n");
  assert.match(failedAssertions(evaluateWith({ config: { users: { motd: "a", motdFile: file } } })), /Only one of users\.motd and users\.motdFile can be set/);
});

test("a missing motdFile is reported with its path", () => {
  const failed = failedAssertions(evaluateWith({ config: { users: { motdFile: "/nonexistent/keel-motd" } } }));
  assert.match(failed, /users\.motdFile: cannot read \/nonexistent\/keel-motd/);
});
