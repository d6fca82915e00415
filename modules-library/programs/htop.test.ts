import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";
import { htopValue } from "./htop.ts";

describe("programs.htop", () => {
  test("off by default: no /etc/htoprc", () => {
    assert.equal(evaluateWith({ config: { programs: { htop: { settings: { delay: 5 } } } } }).config.environment.etc.htoprc, undefined);
  });

  test("/etc/htoprc in NixOS's format: header, sorted keys, lists joined by spaces, booleans 0/1", () => {
    const { config } = evaluateWith({
      config: { programs: { htop: { enable: true, settings: { hide_kernel_threads: true, highlight_base_name: false, fields: [0, 48, 17, 18, 38], delay: 15, color_scheme: "6" } } } },
    });
    assert.equal(
      config.environment.etc.htoprc.text,
      "# Global htop configuration\n# To change set: programs.htop.settings.KEY = VALUE;\ncolor_scheme=6\ndelay=15\nfields=0 48 17 18 38\nhide_kernel_threads=1\nhighlight_base_name=0",
    );
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "htop"));
  });

  test("settings from several modules merge; an empty set is the header alone", () => {
    const { config } = evaluateWith({ config: { programs: { htop: { enable: true, settings: { delay: 10 } } } } }, { config: { programs: { htop: { settings: { tree_view: true } } } } });
    assert.match(config.environment.etc.htoprc.text, /\ndelay=10\ntree_view=1$/);
    const empty = evaluateWith({ config: { programs: { htop: { enable: true } } } }).config;
    assert.equal(empty.environment.etc.htoprc.text, "# Global htop configuration\n# To change set: programs.htop.settings.KEY = VALUE;\n");
  });

  test("values htop cannot read are refused by the option's type", () => {
    assert.throws(() => evaluateWith({ config: { programs: { htop: { enable: true, settings: { delay: { x: 1 } } } } } }).config.environment.etc.htoprc.text, /programs\.htop\.settings\.delay/);
    assert.equal(htopValue([true, "a", 3]), "1 a 3");
  });
});
