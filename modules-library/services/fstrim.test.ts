import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("services.fstrim is off by default: no timer, no drop-in", () => {
  const { config } = evaluateWith({});
  assert.equal(config.services.fstrim.enable, false);
  assert.equal(config.services.fstrim.interval, "weekly");
  assert.equal("fstrim.timer" in config.systemd.units, false);
});

test("enabled, the packaged fstrim.timer is wanted by timers.target and gets the interval in a drop-in", () => {
  const { config } = evaluateWith({ config: { services: { fstrim: { enable: true, interval: "daily" } } } });
  const timer = config.systemd.units["fstrim.timer"];
  assert.deepEqual(timer.wantedBy, ["timers.target"]);
  // util-linux ships the unit: Keel's text becomes fstrim.timer.d/overrides.conf, over Debian's file.
  assert.equal(timer.overrideStrategy, "asDropinIfExists");
  assert.match(timer.text, /^\[Timer\]\nOnCalendar=\nOnCalendar=daily$/m);
  assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "util-linux"));
});

test("the default interval is weekly", () => {
  const { config } = evaluateWith({ config: { services: { fstrim: { enable: true } } } });
  assert.match(config.systemd.units["fstrim.timer"].text, /^OnCalendar=weekly$/m);
});

test("the interval is a calendar event systemd accepts", { skip: spawnSync("systemd-analyze", ["--version"]).status !== 0 && "no systemd-analyze" }, () => {
  const { config } = evaluateWith({ config: { services: { fstrim: { enable: true, interval: "Mon *-*-* 03:00" } } } });
  const value = /^OnCalendar=(.+)$/m.exec(config.systemd.units["fstrim.timer"].text)?.[1];
  assert.equal(value, "Mon *-*-* 03:00");
  const r = spawnSync("systemd-analyze", ["calendar", value ?? ""], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});
