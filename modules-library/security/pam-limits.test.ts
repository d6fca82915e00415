import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

const limits = [
  { domain: "@audio", item: "memlock", value: "unlimited" },
  { domain: "*", type: "soft", item: "nofile", value: 65536 },
  { domain: "ftp", type: "hard", item: "nproc", value: "0" },
];

test("loginLimits become /etc/security/limits.conf, one `domain type item value` line each, in order", () => {
  const { config } = evaluateWith({ config: { security: { pam: { loginLimits: limits } } } });
  assert.equal(config.environment.etc["security/limits.conf"].text, "@audio - memlock unlimited\n* soft nofile 65536\nftp hard nproc 0\n");
});

test("with limits, pam_limits reads that file in both common session stacks (every PAM service)", () => {
  const { config } = evaluateWith({ config: { security: { pam: { loginLimits: limits } } } });
  for (const stack of ["pam.d/common-session", "pam.d/common-session-noninteractive"]) {
    const lines = config.environment.etc[stack].text.split("\n");
    assert.ok(lines.includes("session\trequired\tpam_limits.so conf=/etc/security/limits.conf"), stack);
    // After pam_unix, like the other session modules Debian's stacks run.
    assert.ok(lines.findIndex((l: string) => l.includes("pam_limits")) > lines.findIndex((l: string) => l.includes("pam_unix")), stack);
  }
});

test("without limits, neither the file nor the pam_limits line is generated", () => {
  const { config } = evaluateWith({});
  assert.equal("security/limits.conf" in config.environment.etc, false);
  assert.doesNotMatch(config.environment.etc["pam.d/common-session"].text, /pam_limits/);
});

test("an item limits.conf does not know is a type error naming the option", () => {
  const { config } = evaluateWith({ config: { security: { pam: { loginLimits: [{ domain: "*", item: "files", value: 1 }] } } } });
  assert.throws(() => config.environment.etc["security/limits.conf"].text, /security\.pam\.loginLimits\."\[definition 1-entry 1\]"\.item' is not of type/);
});

test("a value with spaces would shift limits.conf's columns: reported", () => {
  const failed = failedAssertions(evaluateWith({ config: { security: { pam: { loginLimits: [{ domain: "bob", item: "nofile", value: "10 20" }] } } } }));
  assert.match(failed, /security\.pam\.loginLimits: `bob - nofile 10 20' is not a limits\.conf line/);
});
