import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";
import { stringAfter } from "./activation-scripts.ts";

describe("system.activationScripts and friends (evaluation)", () => {
  test("strings and stringAfter both define snippets; text from two modules is joined", () => {
    const { config } = evaluateWith(
      { config: { system: { activationScripts: { data: stringAfter(["users"], "install -d /srv/data"), plain: "echo plain" } } } },
      { config: { system: { activationScripts: { plain: "echo more" } } } },
    );
    const data = config.system.activationScripts.data;
    assert.deepEqual([data.text, data.deps, data.supportsDryActivation], ["install -d /srv/data", ["users"], false]);
    assert.equal(config.system.activationScripts.plain.text, "echo plain\necho more");
  });

  test("an unknown dep fails the evaluation naming the snippet, the missing name and the file", () => {
    const message = failedAssertions(evaluateWith({ config: { system: { activationScripts: { mine: { deps: ["ect"], text: "true" } } } } }));
    assert.match(message, /`system\.activationScripts\.mine' depends on `ect', which is not a snippet of `system\.activationScripts'/);
    assert.match(message, /Known snippets: .*etc.*users/);
  });

  test("a snippet named like a built-in step is refused", () => {
    assert.match(failedAssertions(evaluateWith({ config: { system: { activationScripts: { etc: "true" } } } })), /`system\.activationScripts\.etc' is Keel's own activation step/);
  });

  test("userActivationScripts deps are checked too; switchInhibitors is a built-in pre-switch check", () => {
    const evaluated = evaluateWith({ config: { system: { userActivationScripts: { a: { deps: ["b"], text: "true" } } } } });
    assert.match(failedAssertions(evaluated), /`system\.userActivationScripts\.a' depends on `b'/);
    assert.match(evaluateWith().config.system.preSwitchChecks.switchInhibitors, /--check-switch-inhibitors "\$1" "\$2"/);
  });

  test("linger adds the update-lingering snippet after users; none without linger", () => {
    const without = evaluateWith().config.system.activationScripts;
    assert.equal("update-lingering" in without, false);
    const { config } = evaluateWith({ config: { users: { users: { alice: { isNormalUser: true, linger: true }, bob: { isNormalUser: true, linger: false } } } } });
    const snippet = config.system.activationScripts["update-lingering"];
    assert.deepEqual(snippet.deps, ["users"]);
    assert.match(snippet.text, /for user in 'alice'; do/);
    assert.match(snippet.text, /for user in 'bob'; do/);
  });
});
