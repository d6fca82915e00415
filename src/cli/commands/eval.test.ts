import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";

const root = new URL("../../..", import.meta.url).pathname;
const repo = "src/modules/fixtures/repo";

function rebuild(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/rebuild.js", ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("rebuild eval", () => {
  test("prints one value, Nix-style or as JSON", () => {
    const plain = rebuild("eval", "--repo", repo, "--host", "web", "services.web.port");
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout, "8443\n");
    const json = rebuild("eval", "--repo", repo, "--host", "web", "--json", "services");
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { firewall: { allowedTCPPorts: [8443] }, web: { enable: true, port: 8443 } });
  });

  test("the whole config of a real host prints as JSON: a removed option's stub and an option with no value are left out", () => {
    const r = rebuild("eval", "--host", "demo", "--json");
    assert.equal(r.code, 0, r.stderr);
    const config = JSON.parse(r.stdout);
    assert.equal(config.networking.hostName, "demo");
    // NixOS's etc.nix: an entry given as text has its source derived (a store file etc-<name>).
    assert.match(config.environment.etc.hostname.source, /\/[0-9a-z]{32}-etc-hostname$/);
    assert.equal(config.environment.etc.hostname.text, "demo\n");
    assert.ok(!("stateDir" in config.services.nginx), "services.nginx.stateDir is a removed option");
    const pretty = rebuild("eval", "--host", "demo", "environment.systemPackages");
    assert.equal(pretty.code, 0, pretty.stderr);
    assert.match(pretty.stdout, /<derivation htop-/);
  });

  test("a wrong path suggests the right one; exit code 1", () => {
    const r = rebuild("eval", "--repo", repo, "--host", "web", "services.web.prot");
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^error: The option `services.web.prot' does not exist in this configuration.\n\nDid you mean `services.web.port' or `services.web.enable'\?/);
  });

  test("a missing host lists the hosts; a host with an unknown option names its file", () => {
    const missing = rebuild("eval", "--repo", repo, "--host", "nope");
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No host named `nope'.*Hosts in this repository: broken, plain, web, wrongtype./);
    const bad = rebuild("eval", "--repo", repo, "--host", "plain");
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /The option `services.web.prot' does not exist. Definition values:\n- In `src\/modules\/fixtures\/repo\/hosts\/plain\/default.ts': 1/);
    const notModule = rebuild("eval", "--repo", repo, "--host", "broken");
    assert.equal(notModule.code, 1);
    assert.match(notModule.stderr, /must default-export a host module/);
  });

  test("a value of the wrong type names the option, the value and the file", () => {
    const r = rebuild("eval", "--repo", repo, "--host", "wrongtype", "services.web.port");
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "error: A definition for option `services.web.port' is not of type `16 bit unsigned integer; between 0 and 65535 (both inclusive)'. Definition values:\n- In `src/modules/fixtures/repo/hosts/wrongtype/default.ts': \"http\"\n",
    );
  });

  test("--host is required", () => {
    const r = rebuild("eval", "--repo", repo);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--host NAME/);
  });
});

describe("rebuild options", () => {
  test("searches names and descriptions; --json and --markdown", () => {
    const text = rebuild("options", "--repo", repo, "firewall");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^services.firewall.allowedTCPPorts\n {2}type: list of 16 bit unsigned integer/);
    const json = rebuild("options", "--repo", repo, "--json");
    assert.deepEqual(
      JSON.parse(json.stdout).map((d: { name: string }) => d.name),
      ["services.firewall.allowedTCPPorts", "services.web.enable", "services.web.port"],
    );
    const md = rebuild("options", "--repo", repo, "--markdown", "port");
    assert.match(md.stdout, /^# Configuration options\n\n## `services.firewall.allowedTCPPorts`/);
    const none = rebuild("options", "--repo", repo, "zzz-nothing");
    assert.equal(none.code, 1);
    assert.equal(none.stdout, "No options match.\n");
  });
});
