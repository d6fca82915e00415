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
