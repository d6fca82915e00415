// nspawn scenario: services.nginx on the demo host serves a static root from the store and proxies
// a location to a small backend service; a switch that changes only a location reloads nginx
// (same main process) when enableReload is on, and restarts it when it is off.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { defineModule } from "../src/modules/index.ts";
import type { PackageSet } from "../src/packages/index.ts";
import { canRunSystemTests, testStore } from "../src/system/testing/test-store.ts";
import { NspawnMachine, nspawnAvailable } from "../src/vm/nspawn-machine.ts";
import { buildDemoWith } from "./support/vm-test.ts";

/** A generation: nginx with `locations` besides the static root and the proxied /api/. */
const generation = (opts: { enableReload: boolean; locations?: Record<string, unknown> }) =>
  defineModule({
    config: ({ pkgs }: { pkgs: PackageSet }) => {
      const site = pkgs.directory("nginx-test-site", { "index.html": { text: "<h1>served by keel's nginx</h1>\n" } });
      // A CGI script shows which forwarding headers reached the backend.
      const cgi = pkgs.directory("nginx-test-cgi", {
        headers: {
          text: '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\necho "host=$HTTP_HOST real-ip=$HTTP_X_REAL_IP proto=$HTTP_X_FORWARDED_PROTO uri=$REQUEST_URI"\n',
          mode: 0o555,
        },
      });
      const backendRoot = pkgs.directory("nginx-test-backend", { hello: { text: "hello from the backend\n" }, "cgi-bin": { source: cgi } });
      return {
        environment: { systemPackages: [pkgs.curl] },
        services: {
          nginx: {
            enable: true,
            enableReload: opts.enableReload,
            recommendedProxySettings: true,
            virtualHosts: {
              "demo.test": {
                default: true,
                serverAliases: ["www.demo.test"],
                root: site,
                locations: { "/api/": { proxyPass: "http://localhost:8081/" }, ...opts.locations },
              },
            },
          },
        },
        systemd: {
          services: {
            "nginx-test-backend": {
              description: "A small HTTP backend for nginx to proxy to",
              wantedBy: ["multi-user.target"],
              before: ["nginx.service"],
              serviceConfig: { ExecStart: `${pkgs["busybox-static"].bin("busybox")} httpd -f -p 127.0.0.1:8081 -h ${backendRoot}`, DynamicUser: true },
            },
          },
        },
      };
    },
  });

const g1 = generation({ enableReload: true });
const g2 = generation({ enableReload: true, locations: { "= /version": { return: '200 "v2\\n"' } } });
const g3 = generation({ enableReload: false, locations: { "= /version": { return: '200 "v3\\n"' } } });
const g4 = generation({ enableReload: false, locations: { "= /version": { return: '200 "v4\\n"' } } });

describe("nginx in systemd-nspawn: static root, proxied backend, reload on a location change", { skip: !(canRunSystemTests && nspawnAvailable()) && "needs root and systemd-nspawn" }, () => {
  let machine: NspawnMachine;
  const tops: Record<string, string> = {};
  const scratch: string[] = [];
  const curl = (path: string, headers = "") => machine.succeed(`curl -sS --fail-with-body --max-time 10 ${headers} http://127.0.0.1${path}`);
  const mainPid = async () => (await machine.succeed("systemctl show -P MainPID nginx.service")).trim();
  const switchTo = async (toplevel: string) => {
    const r = await machine.execute(`${toplevel}/bin/switch-to-configuration switch 2>&1`, 180_000);
    if (r.status !== 0) assert.fail(`${r.stdout}\n${(await machine.execute("journalctl -u nginx.service --no-pager | tail -n 20")).stdout}`);
    return r.stdout;
  };

  before(async () => {
    for (const [name, module] of Object.entries({ g1, g2, g3, g4 })) tops[name] = await buildDemoWith(module);
    const rootDir = mkdtempSync(join("/var/tmp", "keel-nginx-"));
    scratch.push(rootDir);
    machine = NspawnMachine.start({ toplevel: tops.g1!, storeDir: testStore.storeDir, rootDir, name: "keel-nginx" });
    await machine.waitUntilSucceeds('systemctl is-system-running --wait >/dev/null; s=$(systemctl is-system-running); [ "$s" = running ] || [ "$s" = degraded ]', 90_000);
  });
  after(async () => {
    await machine?.shutdown();
    if (!process.env.KEEL_KEEP_VM_STATE) for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  test("nginx runs as its own account with its directories, from the checked store config", async () => {
    await machine.waitForUnit("nginx.service", 30_000);
    assert.equal((await machine.succeed("systemctl show -P User nginx.service")).trim(), "nginx");
    const pid = await mainPid();
    assert.equal((await machine.succeed(`ps -o user= -p ${pid}`)).trim(), "nginx", "the master runs unprivileged");
    assert.match(await machine.succeed(`tr '\\0' ' ' < /proc/${pid}/cmdline`), /nginx -c \/etc\/nginx\/nginx\.conf/);
    assert.match((await machine.succeed("readlink -f /etc/nginx/nginx.conf")).trim(), /-nginx\.conf$/);
    assert.equal((await machine.succeed("stat -c '%U %a' /run/nginx /var/cache/nginx /var/log/nginx")).trim(), "nginx 750\nnginx 750\nnginx 750");
    assert.equal((await machine.succeed("cat /run/nginx/nginx.pid")).trim(), pid);
  });

  test("the static root is served from the store, by name and alias", async () => {
    assert.equal(await curl("/"), "<h1>served by keel's nginx</h1>\n");
    assert.equal(await curl("/", "-H 'Host: www.demo.test'"), "<h1>served by keel's nginx</h1>\n");
    const missing = await machine.execute("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/nope");
    assert.equal(missing.stdout, "404");
    // The access log goes where NixOS's does.
    await machine.waitUntilSucceeds("grep -q 'GET /nope' /var/log/nginx/access.log", 10_000);
  });

  test("/api/ is proxied to the backend with the recommended forwarding headers", async () => {
    await machine.waitForUnit("nginx-test-backend.service", 30_000);
    assert.equal(await curl("/api/hello"), "hello from the backend\n");
    assert.equal((await curl("/api/cgi-bin/headers?x=1", "-H 'Host: demo.test'")).trim(), "host=demo.test real-ip=127.0.0.1 proto=http uri=/cgi-bin/headers?x=1");
  });

  test("enableReload: a switch that adds a location reloads nginx; same main process, new location served", async () => {
    const pid = await mainPid();
    const out = await switchTo(tops.g2!);
    assert.match(out, /^reloading the following units: .*nginx\.service/m);
    assert.doesNotMatch(out, /^restarting the following units: .*nginx\.service/m);
    await machine.waitUntilSucceeds("curl -sf http://127.0.0.1/version | grep -qx v2", 20_000);
    assert.equal(await mainPid(), pid, "reloaded, not restarted");
    assert.equal(await curl("/api/hello"), "hello from the backend\n");
  });

  test("without enableReload a changed config restarts nginx, which then runs the store file", async () => {
    await switchTo(tops.g3!);
    await machine.waitUntilSucceeds("curl -sf http://127.0.0.1/version | grep -qx v3", 20_000);
    const pid = await mainPid();
    assert.match(await machine.succeed(`tr '\\0' ' ' < /proc/${pid}/cmdline`), /nginx -c \S+-nginx\.conf/);
    const out = await switchTo(tops.g4!);
    assert.match(out, /^restarting the following units: .*nginx\.service/m);
    await machine.waitUntilSucceeds("curl -sf http://127.0.0.1/version | grep -qx v4", 20_000);
    assert.notEqual(await mainPid(), pid, "restarted");
  });
});
