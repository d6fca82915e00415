import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("time zone, locale and keymap are written where systemd and glibc read them", () => {
  const { config } = evaluateWith({ config: { time: { timeZone: "Europe/Paris" }, i18n: { defaultLocale: "fr_FR.UTF-8" }, console: { keyMap: "fr" } } });
  const etc = config.environment.etc;
  assert.match(String(etc.localtime.source), /-tzdata-.*\/usr\/share\/zoneinfo\/Europe\/Paris$/);
  assert.equal(etc.localtime.mode, "direct-symlink");
  assert.equal(etc["locale.conf"].text, "LANG=fr_FR.UTF-8\n");
  assert.equal(etc["vconsole.conf"].text, "KEYMAP=fr\n");
  // A locale other than C.UTF-8 is compiled into the system.
  assert.ok(config.environment.systemPackages.some((p: { name?: string }) => p.name === "locales-compiled"));
});

test("C.UTF-8 needs nothing compiled", () => {
  const { config } = evaluateWith({});
  assert.equal(config.environment.etc["locale.conf"].text, "LANG=C.UTF-8\n");
  assert.ok(!config.environment.systemPackages.some((p: { name?: string }) => p.name === "locales-compiled"));
});

test("extraLocaleSettings add categories to locale.conf and the environment, and get compiled", () => {
  const { config } = evaluateWith({ config: { i18n: { defaultLocale: "en_US.UTF-8", extraLocaleSettings: { LC_TIME: "de_DE.UTF-8", LC_MESSAGES: "C.UTF-8" } } } });
  const etc = config.environment.etc;
  assert.equal(etc["locale.conf"].text, "LANG=en_US.UTF-8\nLC_MESSAGES=C.UTF-8\nLC_TIME=de_DE.UTF-8\n");
  assert.equal(etc["default/locale"].text, etc["locale.conf"].text);
  assert.equal(config.environment.variables.LC_TIME, "de_DE.UTF-8");
  const compiled = config.environment.systemPackages.find((p: { name?: string }) => p.name === "locales-compiled");
  assert.ok(compiled, "de_DE.UTF-8 is compiled");
  assert.match(String(compiled.drv?.args?.script ?? JSON.stringify(compiled)), /de_DE/);
});

test("hardwareClockInLocalTime writes a writable /etc/adjtime saying LOCAL; UTC needs none", () => {
  const local = evaluateWith({ config: { time: { hardwareClockInLocalTime: true } } }).config.environment.etc;
  assert.equal(local.adjtime.text, "0.0 0 0.0\n0\nLOCAL\n");
  assert.equal(local.adjtime.mode, "0644");
  assert.equal(evaluateWith({}).config.environment.etc.adjtime, undefined);
});
