import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { AssertionsFailedError } from "../modules/index.ts";
import badAssertion from "./fixtures/bad-assertion.ts";
import badUnitName from "./fixtures/bad-unit-name.ts";
import { evaluateToplevel } from "./build-host.ts";
import { canRunSystemTests, repoDir, testStore } from "./testing/test-store.ts";

const skip = !canRunSystemTests && "needs root";

describe("a configuration that cannot be built", { skip }, () => {
  test("a failed assertion names its message and the module that made it", async () => {
    await assert.rejects(evaluateToplevel({ repoDir, host: "demo", ...testStore, extraModules: [badAssertion] }), (e: unknown) => {
      assert.ok(e instanceof AssertionsFailedError);
      assert.match(e.message, /Failed assertions:/);
      assert.match(e.message, /Exactly one of users\.users\.bob\.isSystemUser and users\.users\.bob\.isNormalUser must be set/);
      assert.match(e.message, /modules-library\/users\/users-groups\.ts/);
      return true;
    });
  });

  test("an invalid unit name names the file that defined it", async () => {
    await assert.rejects(evaluateToplevel({ repoDir, host: "demo", ...testStore, extraModules: [badUnitName] }), (e: unknown) => {
      assert.ok(e instanceof AssertionsFailedError);
      assert.match(e.message, /`my service\.service' is not a valid systemd unit name/);
      assert.match(e.message, /src\/system\/fixtures\/bad-unit-name\.ts/);
      return true;
    });
  });

  test("rebuild build exits 1 with the message and writes nothing to the store or the result link", () => {
    // A configuration repository of its own, with a host whose unit name is invalid.
    const repo = mkdtempSync(join(tmpdir(), "keel-bad-repo-"));
    for (const entry of ["modules-library", "keel.lock", "src", "package.json", "node_modules"]) symlinkSync(join(repoDir, entry), join(repo, entry));
    mkdirSync(join(repo, "hosts/broken"), { recursive: true });
    writeFileSync(
      join(repo, "hosts/broken/default.ts"),
      `import { defineHost } from "../../src/modules/index.ts";
export default defineHost({ config: { systemd: { services: { "bad/name": { script: "true" } } } } });
`,
    );
    const store = mkdtempSync(join("/var/tmp", "keel-bad-store-"));
    const result = spawnSync(
      process.execPath,
      [join(repoDir, "bin/rebuild.js"), "build", "--host", "broken", "--repo", repo, "--store-dir", join(store, "store"), "--state-dir", join(store, "var")],
      { cwd: repo, encoding: "utf8" },
    );
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /`bad\/name\.service' is not a valid systemd unit name \(defined in `[^']*hosts\/broken\/default\.ts'\)/);
    assert.doesNotMatch(result.stderr, /internal error/);
    assert.deepEqual(readdirSync(join(store, "store")).filter((n) => !n.startsWith(".")), []);
    assert.ok(!existsSync(join(repo, "result")));
  });
});
