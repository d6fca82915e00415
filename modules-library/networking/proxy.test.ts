import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("no proxy configured: no variables", () => {
  const { config } = evaluateWith({});
  assert.deepEqual(config.networking.proxy.envVars, {});
  assert.equal("http_proxy" in config.environment.sessionVariables, false);
  assert.equal("no_proxy" in config.environment.sessionVariables, false);
});

test("networking.proxy.default fills every *_proxy variable and no_proxy's default", () => {
  const { config } = evaluateWith({ config: { networking: { proxy: { default: "http://proxy:3128" } } } });
  assert.equal(config.networking.proxy.httpsProxy, "http://proxy:3128");
  assert.deepEqual(config.networking.proxy.envVars, {
    all_proxy: "http://proxy:3128",
    ftp_proxy: "http://proxy:3128",
    http_proxy: "http://proxy:3128",
    https_proxy: "http://proxy:3128",
    no_proxy: "127.0.0.1,localhost",
    rsync_proxy: "http://proxy:3128",
  });
  assert.match(config.environment.etc["security/pam_env.conf"].text, /^https_proxy DEFAULT="http:\/\/proxy:3128"$/m);
  assert.match(config.environment.etc["security/pam_env.conf"].text, /^no_proxy DEFAULT="127\.0\.0\.1,localhost"$/m);
});

test("a dedicated option wins over the default; null removes one variable; noProxy replaces the default list", () => {
  const { config } = evaluateWith({
    config: { networking: { proxy: { default: "http://proxy:3128", httpsProxy: "http://tls-proxy:8443", ftpProxy: null, noProxy: "localhost,.lan" } } },
  });
  const vars = config.environment.sessionVariables;
  assert.equal(vars.https_proxy, "http://tls-proxy:8443");
  assert.equal(vars.http_proxy, "http://proxy:3128");
  assert.equal("ftp_proxy" in vars, false);
  assert.equal(vars.no_proxy, "localhost,.lan");
});

test("only the options that are set: httpProxy alone sets http_proxy alone", () => {
  const { config } = evaluateWith({ config: { networking: { proxy: { httpProxy: "http://p:1" } } } });
  assert.deepEqual(config.networking.proxy.envVars, { http_proxy: "http://p:1" });
});

test("envVars is read-only", () => {
  const { config } = evaluateWith({ config: { networking: { proxy: { envVars: { http_proxy: "x" } } } } });
  assert.throws(() => config.networking.proxy.envVars, /networking\.proxy\.envVars/);
});

test("a login shell sees the variables", () => {
  const { config } = evaluateWith({ config: { networking: { proxy: { default: "http://proxy:3128" } } } });
  const profile = join(mkdtempSync(join(tmpdir(), "keel-proxy-")), "keel.sh");
  writeFileSync(profile, config.environment.etc["profile.d/keel.sh"].text);
  const r = spawnSync("sh", ["-c", `. ${profile}; printf '%s|%s' "$http_proxy" "$no_proxy"`], { encoding: "utf8", env: { USER: "root" } });
  assert.equal(r.stdout, "http://proxy:3128|127.0.0.1,localhost");
});
