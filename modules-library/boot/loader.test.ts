import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loaderOptionsFromConfig } from "../../src/bootloader/index.ts";
import { assertionsModule, defineModule, evalModules } from "../../src/modules/index.ts";
import { createPackageSet, readLock } from "../../src/packages/index.ts";
import { openStore } from "../../src/store/index.ts";
import { allModules } from "../index.ts";

const repo = new URL("../..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "keel-loader-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const store = openStore({ storeDir: join(dir, "store"), stateDir: join(dir, "var") });
const pkgs = createPackageSet({ store, lock: readLock(repo) });

function evaluate(loader: Record<string, unknown>) {
  const host = defineModule({ config: { boot: { loader } } } as never);
  return evalModules({ modules: [...allModules, assertionsModule, host], specialArgs: { pkgs } }).config as any;
}

test("systemd-boot with boot counting wires boot-complete.target to the health target and the failed-units check", () => {
  const config = evaluate({ "systemd-boot": { enable: true, bootCounting: { healthTarget: "graphical.target" } } });
  const units = config.systemd.units;
  assert.equal(units["boot-complete.target"].text, "[Unit]\nRequires=graphical.target\nAfter=graphical.target\n");
  assert.equal(units["boot-complete.target"].overrideStrategy, "asDropin");
  assert.deepEqual(units["systemd-boot-check-no-failures.service"].requiredBy, ["boot-complete.target"]);
  const names = config.environment.systemPackages.map((p: { debName: string }) => p.debName);
  assert.ok(names.includes("systemd-boot"), "systemd-bless-boot.service and its generator come from systemd-boot");
  assert.ok(names.includes("systemd-boot-efi"));
  assert.ok(config.boot.initrd.kernelModules.includes("efivarfs"), "bless-boot reads EFI variables");
  assert.deepEqual(loaderOptionsFromConfig(config.boot.loader), {
    timeout: 5, editor: true, consoleMode: "keep", configurationLimit: null, canTouchEfiVariables: false,
    bootCounting: { enable: true, tries: 3 },
  });
});

test("without boot counting or systemd-boot nothing is wired", () => {
  const off = evaluate({ "systemd-boot": { enable: true, bootCounting: { enable: false } } });
  assert.equal(off.systemd.units["boot-complete.target"], undefined);
  const none = evaluate({});
  assert.equal(none.systemd.units["systemd-boot-check-no-failures.service"], undefined);
  assert.ok(!none.environment.systemPackages.some((p: { debName: string }) => p.debName === "systemd-boot"));
});
