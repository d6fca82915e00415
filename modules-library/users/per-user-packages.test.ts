import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith, testPackages } from "../lib/testing.ts";

test("users.users.<name>.packages: a per-user profile of the packages' programs; their dependencies go system-wide", () => {
  const pkgs = testPackages();
  const { config } = evaluateWith({ config: { users: { users: { alice: { isNormalUser: true, packages: [pkgs.git] }, bob: { isNormalUser: true } } } } });
  const profile = config.environment.etc["profiles/per-user/alice"];
  assert.match(String(profile.source), /-user-programs-alice$/);
  assert.equal(config.environment.etc["profiles/per-user/bob"], undefined);
  const names = (config.environment.systemPackages as { debName?: string; name?: string }[]).map((p) => p.debName ?? p.name);
  // git itself is not installed system-wide (its programs would be on everyone's PATH)...
  assert.ok(!names.includes("git"));
  // ...but what it needs at run time is, and its own /usr/lib and /usr/share through the support tree.
  assert.ok(names.includes("git-man") || names.includes("libcurl3-gnutls"), names.join(" "));
  assert.ok(names.includes("per-user-packages-support"));
  // Every login shell looks in the user's profile first.
  assert.match(config.environment.etc["profile.d/keel.sh"].text, /^export PATH="\/run\/wrappers\/bin:\/etc\/profiles\/per-user\/\$\{USER:-\$\(id -un\)\}\/bin:/m);
});

test("no user packages: no profiles and nothing added to the system", () => {
  const { config } = evaluateWith({ config: { users: { users: { alice: { isNormalUser: true } } } } });
  assert.deepEqual(
    Object.keys(config.environment.etc).filter((k) => k.startsWith("profiles/")),
    [],
  );
});
