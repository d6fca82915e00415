import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HostNotFoundError, InvalidModuleError, listHosts, loadHost, loadOptionDocs, UnknownOptionError } from "./index.ts";

const repo = new URL("./fixtures/repo", import.meta.url).pathname;

describe("loadHost", () => {
  test("evaluates hosts/<name>/default.ts with the library's allModules", async () => {
    const ev = await loadHost(repo, "web");
    assert.equal(ev.config.services.web.port, 8443);
    assert.deepEqual(ev.config.services.firewall.allowedTCPPorts, [8443]);
    assert.deepEqual(ev.options.services.web.port.files, ["src/modules/fixtures/repo/hosts/web/default.ts"]);
    assert.deepEqual(ev.config.warnings, []);
  });

  test("a missing host lists the hosts that exist", async () => {
    assert.deepEqual(listHosts(repo), ["broken", "plain", "web", "wrongtype"]);
    await assert.rejects(loadHost(repo, "nope"), (e: unknown) => {
      assert.ok(e instanceof HostNotFoundError);
      assert.match(e.message, /^No host named `nope' \(expected .*hosts\/nope\/default.ts\). Hosts in this repository: broken, plain, web, wrongtype.$/);
      return true;
    });
  });

  test("a host that is not a module, and a host with a misspelt option", async () => {
    await assert.rejects(loadHost(repo, "broken"), (e: unknown) => e instanceof InvalidModuleError && /hosts\/broken\/default.ts must default-export a host module/.test(e.message));
    const plain = await loadHost(repo, "plain");
    assert.throws(() => plain.config, (e: unknown) => e instanceof UnknownOptionError && e.message.includes("Did you mean `services.web.port'"));
  });

  test("option docs of a repository's library", async () => {
    const docs = await loadOptionDocs(repo);
    assert.deepEqual(docs.map((d) => d.name), ["services.firewall.allowedTCPPorts", "services.web.enable", "services.web.port"]);
  });
});
