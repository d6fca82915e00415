import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

const rule = 'SUBSYSTEM=="net", ATTR{address}=="52:54:00:12:34:56", NAME="lan"';

test("services.udev.extraRules land in /etc/udev/rules.d/99-local.rules and restart udevd when changed", () => {
  const a = evaluateWith({ config: { services: { udev: { extraRules: rule } } } }).config;
  assert.equal(a.environment.etc["udev/rules.d/99-local.rules"].text, `${rule}\n`);
  const unitA = a.systemd.units["systemd-udevd.service"].text as string;
  assert.match(unitA, /^X-Restart-Triggers=/m);
  assert.match(unitA, /^X-StopIfChanged=false$/m);
  assert.match(unitA, /^X-NotSocketActivated=true$/m);
  const b = evaluateWith({ config: { services: { udev: { extraRules: `${rule}\nKERNEL=="sda", OPTIONS+="last_rule"` } } } }).config;
  assert.notEqual(b.systemd.units["systemd-udevd.service"].text, unitA, "other rules, another trigger: the switch restarts udevd");
});

test("no extra rules: no file and udevd's unit untouched", () => {
  const { config } = evaluateWith({});
  assert.equal(config.environment.etc["udev/rules.d/99-local.rules"], undefined);
  assert.equal(config.systemd.units["systemd-udevd.service"], undefined);
});
