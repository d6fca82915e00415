import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { createPackageSet, readLock } from "../../src/packages/index.ts";
import { openStore } from "../../src/store/index.ts";
import { canRunSystemTests, repoDir, testStore } from "../../src/system/testing/test-store.ts";
import { evaluateWith } from "../lib/testing.ts";
import { checkedSudoers } from "./sudoers-file.ts";

test("sudo: a 0440 sudoers for root and wheel, and a setuid wrapper", () => {
  const { config } = evaluateWith({ config: { security: { sudo: { wheelNeedsPassword: false, extraConfig: "Defaults lecture=never" } } } });
  const sudoers = config.environment.etc.sudoers;
  assert.equal(sudoers.mode, "0440");
  // The file is the visudo-checked copy of security.sudo.configFile.
  assert.match(String(sudoers.source), /-sudoers$/);
  const text: string = config.security.sudo.configFile;
  assert.match(text, /^%wheel ALL=\(ALL:ALL\) NOPASSWD: SETENV: ALL$/m);
  assert.match(text, /^Defaults lecture=never$/m);
  const wrapper = config.security.wrappers.sudo;
  assert.equal(wrapper.setuid, true);
  assert.match(wrapper.source, /-sudo-.*\/usr\/bin\/sudo$/);
});

test("sudo: extraRules are written as nixpkgs writes them, after root and wheel", () => {
  const { config } = evaluateWith({
    config: {
      security: {
        sudo: {
          extraRules: [
            {
              users: ["backup", 1002],
              groups: ["operators", 2000],
              runAs: "root",
              commands: [{ command: "/usr/bin/rsync", options: ["NOPASSWD", "SETENV"] }, "/usr/bin/systemctl restart nginx"],
            },
            { users: ["nobody"], host: "demo", commands: [] },
            { groups: ["wheel"], commands: [{ command: "ALL", options: [] }] },
          ],
        },
      },
    },
  });
  const text: string = config.security.sudo.configFile;
  const rules = text.slice(text.indexOf("# security.sudo.extraRules\n")).split("\n").slice(1, 6);
  assert.deepEqual(rules, [
    "backup\tALL=(root)\tNOPASSWD:SETENV: /usr/bin/rsync, /usr/bin/systemctl restart nginx",
    "#1002\tALL=(root)\tNOPASSWD:SETENV: /usr/bin/rsync, /usr/bin/systemctl restart nginx",
    "%operators\tALL=(root)\tNOPASSWD:SETENV: /usr/bin/rsync, /usr/bin/systemctl restart nginx",
    "%#2000\tALL=(root)\tNOPASSWD:SETENV: /usr/bin/rsync, /usr/bin/systemctl restart nginx",
    "%wheel\tALL=(ALL:ALL)\tALL",
  ]);
  assert.ok(text.indexOf("%wheel ALL=(ALL:ALL) SETENV: ALL") < text.indexOf("backup\t"));
});

test("sudo: an unknown tag is refused, naming the option", () => {
  const { config } = evaluateWith({ config: { security: { sudo: { extraRules: [{ users: ["a"], commands: [{ command: "ALL", options: ["NOPASSWORD"] }] }] } } } });
  assert.throws(() => config.security.sudo.configFile, /extraRules.*options.*is not of type|NOPASSWORD/);
});

test("sudo: the generated file passes the closure's visudo -c; a broken line fails the build, naming it", { skip: !canRunSystemTests && "needs the shared test store" }, async () => {
  const store = openStore(testStore);
  const pkgs = createPackageSet({ store, lock: readLock(repoDir) });
  const { config } = evaluateWith({
    config: { security: { sudo: { extraRules: [{ users: ["backup", 1002], groups: ["ops"], runAs: "root", commands: [{ command: "/usr/bin/rsync", options: ["NOPASSWD", "SETENV"] }, "ALL"] }] } } },
  });
  const text: string = config.security.sudo.configFile;
  const [out] = await store.realise(checkedSudoers(pkgs, text));
  assert.equal(readFileSync(out as string, "utf8"), text);
  await assert.rejects(store.realise(checkedSudoers(pkgs, `${text}backup ALL=(root NOPASSWD: /usr/bin/rsync\n`)), (e: unknown) => {
    assert.match(String((e as Error).message), /sudoers.*syntax error/s);
    return true;
  });
});
