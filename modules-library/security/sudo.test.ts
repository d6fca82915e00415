import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("sudo: a 0440 sudoers for root and wheel, and a setuid wrapper", () => {
  const { config } = evaluateWith({ config: { security: { sudo: { wheelNeedsPassword: false, extraConfig: "Defaults lecture=never" } } } });
  const sudoers = config.environment.etc.sudoers;
  assert.equal(sudoers.mode, "0440");
  assert.match(sudoers.text, /^%wheel ALL=\(ALL:ALL\) NOPASSWD: SETENV: ALL$/m);
  assert.match(sudoers.text, /^Defaults lecture=never$/m);
  const wrapper = config.security.wrappers.sudo;
  assert.equal(wrapper.setuid, true);
  assert.match(wrapper.source, /-sudo-.*\/usr\/bin\/sudo$/);
});
