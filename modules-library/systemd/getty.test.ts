import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

test("autologinUser: drop-ins replace Debian's agetty command lines with --autologin", () => {
  const { config } = evaluateWith({ config: { users: { users: { alice: { isNormalUser: true } } }, services: { getty: { autologinUser: "alice" } } } });
  const getty = config.systemd.units["getty@.service"];
  assert.equal(getty.overrideStrategy, "asDropin");
  assert.equal(getty.text, "[Service]\nExecStart=\nExecStart=-/sbin/agetty -o '-p -f -- \\\\u' --noclear --autologin alice - $TERM\n");
  assert.match(config.systemd.units["serial-getty@.service"].text, /--keep-baud --autologin alice 115200,57600,38400,9600 - \$TERM$/m);
  assert.match(config.systemd.units["console-getty.service"].text, /--autologin alice - 115200,38400,9600 \$TERM$/m);
  const none = evaluateWith({}).config;
  assert.equal(none.systemd.units["getty@.service"], undefined);
});

test("autologinUser must be a declared user", () => {
  const evaluated = evaluateWith({ config: { services: { getty: { autologinUser: "ghost" } } } });
  assert.match(failedAssertions(evaluated), /services\.getty\.autologinUser is `ghost', which is not declared in users\.users/);
});
