import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertionsModule, evalModules } from "../../src/modules/index.ts";
import { createPackageSet, readLock } from "../../src/packages/index.ts";
import { openStore } from "../../src/store/index.ts";
import { canRunSystemTests, repoDir, testStore } from "../../src/system/testing/test-store.ts";
import { allModules } from "../index.ts";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";
import { checkedNginxConfig } from "./nginx-check.ts";

/** The generated nginx.conf for `nginx` settings (enable is implied). */
function nginxConf(nginx: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const { config } = evaluateWith({ config: { services: { nginx: { enable: true, ...nginx } }, ...extra } });
  return config.services.nginx.configText;
}

/** The text of the block that starts with `head {` (braces balanced), without its indentation. */
function blockOf(text: string, head: string): string {
  const start = text.indexOf(`${head} {`);
  assert.ok(start >= 0, `no block "${head}" in:\n${text}`);
  let depth = 0;
  for (let i = text.indexOf("{", start); i < text.length; i++) {
    if (text[i] === "{") depth++;
    if (text[i] === "}" && --depth === 0)
      return text
        .slice(start, i + 1)
        .split("\n")
        .map((l) => l.trim())
        .join("\n");
  }
  throw new Error(`unbalanced block ${head}`);
}

const site = {
  "example.org": {
    serverAliases: ["www.example.org", "example.net"],
    root: "/srv/www",
    locations: {
      "/": { index: "index.html", tryFiles: "$uri $uri/ =404" },
      "/api/": { proxyPass: "http://127.0.0.1:8081" },
      "= /old": { return: "301 /new", priority: 100 },
      "~ \\.php$": { return: "403", priority: 2000 },
      "/assets/": { alias: "/srv/assets/", extraConfig: "expires 7d;" },
    },
  },
};

describe("services.nginx: the generated nginx.conf", () => {
  test("NixOS's shape: pid, error_log, daemon off, events, then http with Debian's mime.types by store path", () => {
    const conf = nginxConf({ virtualHosts: site });
    const head = conf.split("\n").filter((l) => l !== "").slice(0, 4);
    assert.deepEqual(head, ["pid /run/nginx/nginx.pid;", "error_log stderr;", "daemon off;", "events {"]);
    const http = blockOf(conf, "http");
    assert.match(http, /^include \S+-nginx-common-[^/]+\/etc\/nginx\/mime\.types;$/m);
    assert.match(http, /^include \S+-nginx-common-[^/]+\/etc\/nginx\/fastcgi\.conf;$/m);
    assert.match(http, /^client_body_temp_path \/var\/cache\/nginx\/client_body;$/m);
    assert.match(http, /^proxy_temp_path \/var\/cache\/nginx\/proxy;$/m);
    assert.match(http, /^client_max_body_size 10m;$/m);
    assert.match(http, /^server_tokens off;$/m);
    assert.doesNotMatch(conf, /\s\/etc\/nginx\/|\/var\/lib\/nginx/, "no path outside the store and the unit's directories");
    assert.doesNotMatch(conf, /^\s*user /m, "the unit's User= sets the account, as in NixOS");
  });

  test("locations are ordered by priority, then by path; root, index, try_files, alias, return and extraConfig render", () => {
    const server = blockOf(nginxConf({ virtualHosts: site }), "server");
    const order = [...server.matchAll(/^location (.+) \{$/gm)].map((m) => m[1]);
    assert.deepEqual(order, ["= /old", "/", "/api/", "/assets/", "~ \\.php$"]);
    assert.match(server, /^server_name example\.org www\.example\.org example\.net;$/m);
    assert.match(server, /^root \/srv\/www;$/m);
    assert.equal(blockOf(server, "location /"), "location / {\nindex index.html;\ntry_files $uri $uri/ =404;\n}");
    assert.equal(blockOf(server, "location = /old"), "location = /old {\nreturn 301 /new;\n}");
    assert.equal(blockOf(server, "location /assets/"), "location /assets/ {\nalias /srv/assets/;\nexpires 7d;\n}");
  });

  test("proxyPass with recommendedProxySettings: proxy defaults in http, the header file in the location; a location may opt out", () => {
    const conf = nginxConf({
      recommendedProxySettings: true,
      proxyTimeout: "20s",
      virtualHosts: {
        a: {
          locations: {
            "/api/": { proxyPass: "http://127.0.0.1:8081" },
            "/ws/": { proxyPass: "http://127.0.0.1:8082", proxyWebsockets: true },
            "/raw/": { proxyPass: "http://127.0.0.1:8083", recommendedProxySettings: false },
          },
        },
      },
    });
    const http = blockOf(conf, "http");
    assert.match(http, /^proxy_read_timeout {6}20s;$/m);
    assert.match(http, /^proxy_http_version {6}1\.1;$/m);
    const headers = http.match(/^include (\S+-nginx-recommended-proxy-headers\.conf);$/m)?.[1];
    assert.ok(headers, http);
    assert.equal(blockOf(conf, "location /api/"), `location /api/ {\nproxy_pass http://127.0.0.1:8081;\ninclude ${headers};\n}`);
    assert.equal(
      blockOf(conf, "location /ws/"),
      `location /ws/ {\nproxy_pass http://127.0.0.1:8082;\nproxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection $connection_upgrade;\ninclude ${headers};\n}`,
    );
    assert.equal(blockOf(conf, "location /raw/"), "location /raw/ {\nproxy_pass http://127.0.0.1:8083;\n}");
    // Without the setting nothing of it appears.
    const plain = nginxConf({ virtualHosts: { a: { locations: { "/api/": { proxyPass: "http://127.0.0.1:8081" } } } } });
    assert.doesNotMatch(plain, /proxy-headers|proxy_read_timeout/);
  });

  test("listen: explicit listeners with default_server, listenAddresses, defaultListenAddresses and the default port", () => {
    const conf = nginxConf({
      defaultListenAddresses: ["0.0.0.0"],
      defaultHTTPListenPort: 8080,
      virtualHosts: {
        main: { default: true, listen: [{ addr: "127.0.0.1", port: 8000 }, { addr: "[::1]", port: 8001, extraParameters: ["backlog=1024"] }] },
        other: { listenAddresses: ["10.0.0.1", "[fd00::1]"] },
        third: {},
      },
    });
    const servers = conf.split(/^ {2}server \{$/m).slice(1);
    assert.equal(servers.length, 3);
    const listens = (s: string) => [...s.matchAll(/^\s*listen (.+);$/gm)].map((m) => m[1]);
    assert.deepEqual(listens(servers[0] as string), ["127.0.0.1:8000 default_server", "[::1]:8001 default_server backlog=1024"]);
    assert.deepEqual(listens(servers[1] as string), ["10.0.0.1:8080", "[fd00::1]:8080"]);
    assert.deepEqual(listens(servers[2] as string), ["0.0.0.0:8080"]);
    assert.match(servers[2] as string, /server_name third;/);
    // NixOS's default: both address families on port 80, and a localhost host.
    const dflt = nginxConf({});
    assert.deepEqual(listens(dflt), ["0.0.0.0:80", "[::0]:80"]);
    assert.match(dflt, /server_name localhost;/);
  });

  test("forceSSL: an HTTP server redirecting to HTTPS, then the TLS server with its certificate; globalRedirect and basicAuthFile", () => {
    const conf = nginxConf({
      defaultListenAddresses: ["0.0.0.0"],
      recommendedTlsSettings: true,
      virtualHosts: {
        secure: { forceSSL: true, sslCertificate: "/var/lib/certs/fullchain.pem", sslCertificateKey: "/var/lib/certs/key.pem", basicAuthFile: "/run/secrets/htpasswd" },
        old: { globalRedirect: "new.example.org" },
      },
    });
    assert.match(blockOf(conf, "http"), /^ssl_session_tickets off;$/m);
    const servers = conf.split(/^ {2}server \{$/m).slice(1);
    assert.equal(servers.length, 3);
    assert.match(servers[0] as string, /listen 0\.0\.0\.0:80;[\s\S]*return 301 http:\/\/new\.example\.org\$request_uri;/);
    assert.match(servers[1] as string, /listen 0\.0\.0\.0:80;\s+server_name secure;\s+location \/ \{\s+return 301 https:\/\/\$host\$request_uri;/);
    assert.match(servers[2] as string, /listen 0\.0\.0\.0:443 http2 ssl;\s+server_name secure;/);
    assert.match(servers[2] as string, /ssl_certificate \/var\/lib\/certs\/fullchain\.pem;\s+ssl_certificate_key \/var\/lib\/certs\/key\.pem;/);
    assert.match(servers[2] as string, /auth_basic secured;\s+auth_basic_user_file \/run\/secrets\/htpasswd;/);
    assert.doesNotMatch(servers[2] as string, /listen \S+:80;/);
  });

  test("HTTPS without a certificate, or root and alias together, fail the evaluation naming the option", () => {
    const message = failedAssertions(
      evaluateWith({ config: { services: { nginx: { enable: true, virtualHosts: { a: { addSSL: true }, b: { locations: { "/": { root: "/a", alias: "/b" } } } } } } } }),
    );
    assert.match(message, /services\.nginx\.virtualHosts\.a serves HTTPS: set its sslCertificate and sslCertificateKey/);
    assert.match(message, /Only one of nginx root or alias can be specified on a location/);
  });

  test("config replaces the http block; eventsConfig, appendConfig, commonHttpConfig and appendHttpConfig land where NixOS puts them", () => {
    const own = nginxConf({ config: "http {\n  server { listen 81; }\n}", appendConfig: "worker_processes 2;" });
    assert.equal((own.match(/^http \{$/gm) ?? []).length, 1);
    assert.doesNotMatch(own, /events|mime\.types/);
    assert.match(own, /^worker_processes 2;\n$/m);
    const conf = nginxConf({ eventsConfig: "worker_connections 512;", commonHttpConfig: "log_format x '$remote_addr';", appendHttpConfig: "# appended" });
    assert.equal(blockOf(conf, "events"), "events {\nworker_connections 512;\n}");
    const http = blockOf(conf, "http");
    assert.ok(http.indexOf("log_format x") < http.indexOf("server {"), "common config comes before the servers");
    assert.match(http, /# appended\n\}$/);
    assert.match(nginxConf({ statusPage: true }), /location \/nginx_status \{\s+stub_status on;\s+access_log off;\s+allow 127\.0\.0\.1;\s+allow ::1;\s+deny all;/);
  });
});

describe("services.nginx: the unit and accounts", () => {
  test("NixOS's service: check then run the store config as user nginx, HUP on reload, restart on change; its account", () => {
    const { config } = evaluateWith({ config: { services: { nginx: { enable: true } } } });
    const svc = config.systemd.services.nginx;
    assert.deepEqual(svc.wantedBy, ["multi-user.target"]);
    assert.deepEqual(svc.after, ["network.target"]);
    const [, start] = svc.serviceConfig.ExecStart as string[];
    assert.match(String(start), /^\S+-nginx-1\.22[^/]+\/usr\/sbin\/nginx -c '\S+-nginx\.conf'$/);
    assert.match(svc.preStart, new RegExp(`${(start as string).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} -t$`));
    assert.match(String((svc.serviceConfig.ExecReload as string[])[2]), /-procps-\S+\/bin\/kill -HUP \$MAINPID$/);
    assert.equal(svc.reloadIfChanged, false);
    assert.equal(svc.serviceConfig.User, "nginx");
    assert.equal(svc.serviceConfig.RuntimeDirectory, "nginx");
    assert.equal(svc.serviceConfig.CacheDirectory, "nginx");
    assert.equal(svc.serviceConfig.LogsDirectory, "nginx");
    assert.equal(svc.serviceConfig.ProtectSystem, "strict");
    const unit: string = config.systemd.units["nginx.service"].text;
    assert.match(unit, /^X-Restart-Triggers=/m);
    assert.match(unit, /^Restart=always$/m);
    assert.equal(config.users.users.nginx.isSystemUser, true);
    assert.equal(config.users.users.nginx.group, "nginx");
    assert.ok(config.users.groups.nginx);
    assert.equal(config.environment.etc["nginx/nginx.conf"], undefined);
    assert.ok(!config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "nginx"), "Debian's nginx.service stays out of sw");
  });

  test("enableReload: the unit names /etc/nginx/nginx.conf (a switch swaps it) and is reloaded, not restarted, on change", () => {
    const { config } = evaluateWith({ config: { services: { nginx: { enable: true, enableReload: true } } } });
    const svc = config.systemd.services.nginx;
    assert.match(String((svc.serviceConfig.ExecStart as string[])[1]), /nginx -c '\/etc\/nginx\/nginx\.conf'$/);
    assert.equal(svc.reloadIfChanged, true);
    assert.match(String(config.environment.etc["nginx/nginx.conf"].source), /-nginx\.conf$/);
    assert.match(config.systemd.units["nginx.service"].text, /^X-ReloadIfChanged=true$/m);
  });

  test("another user and group: no nginx account is made; disabled: nothing at all", () => {
    const { config } = evaluateWith({ config: { services: { nginx: { enable: true, user: "www-data", group: "www-data" } } } });
    assert.equal(config.systemd.services.nginx.serviceConfig.User, "www-data");
    assert.equal(config.users.users.nginx, undefined);
    const off = evaluateWith({}).config;
    assert.equal(off.systemd.units["nginx.service"], undefined);
    assert.equal(off.users.users.nginx, undefined);
  });

  test("services.nginx.stateDir is removed, with NixOS's directions", () => {
    const message = failedAssertions(evaluateWith({ config: { services: { nginx: { enable: true, stateDir: "/var/spool/nginx" } } } }));
    assert.match(message, /services\.nginx\.stateDir/);
    assert.match(message, /\/var\/log\/nginx/);
  });
});

// Realising runs Debian's nginx -t in namespaces of its own: the real check.
const skip = !canRunSystemTests && "needs root (the shared test store, namespaces)";

describe("services.nginx: the build-time nginx -t", { skip }, () => {
  const store = openStore(testStore);
  const pkgs = createPackageSet({ store, lock: readLock(repoDir) });
  // Evaluated against the shared store, so the config's store paths exist there.
  const evaluate = (nginx: Record<string, unknown>) =>
    evalModules({ modules: [...allModules, assertionsModule, { config: { services: { nginx: { enable: true, ...nginx } } } }], specialArgs: { pkgs } }).config;
  const checked = (nginx: Record<string, unknown>) => {
    const config = evaluate(nginx);
    return checkedNginxConfig(pkgs, pkgs.nginx, config.services.nginx.configText, { check: true, hostsText: config.environment.etc.hosts.text });
  };
  const full = {
    recommendedProxySettings: true,
    recommendedGzipSettings: true,
    recommendedOptimisation: true,
    recommendedTlsSettings: true,
    statusPage: true,
    virtualHosts: {
      ...site,
      // A listener on an address the build machine lacks, and a name only /etc/hosts knows.
      lan: { default: true, listen: [{ addr: "192.0.2.10", port: 80 }], locations: { "/": { proxyPass: "http://localhost:8081", proxyWebsockets: true } } },
    },
  };

  test("the generated config passes nginx -t; the unit's file is the checked one", async () => {
    const good = checked(full);
    const [out] = await store.realise(good);
    assert.ok(out?.endsWith("-nginx.conf"));
    const unitStart = String((evaluate(full).systemd.services.nginx.serviceConfig.ExecStart as string[])[1]);
    assert.ok(unitStart.includes(good.outPath), `${unitStart} runs ${good.outPath}`);
  });

  test("a syntax error in extraConfig fails the build naming nginx's complaint; nothing reaches the store", async () => {
    const bad = checked({ virtualHosts: { a: { locations: { "/": { extraConfig: "proxy_pas http://127.0.0.1:1;" } } } } });
    await assert.rejects(store.realise(bad), (e: unknown) => {
      const message = String((e as Error).message);
      assert.match(message, /nginx\.conf/);
      assert.match(message, /\[emerg\] .*unknown directive "proxy_pas" in \S+nginx\.conf:\d+/);
      assert.match(message, /test failed/);
      return true;
    });
    assert.equal(store.isValid(bad.outPath), false);
    const unbalanced = checked({ appendHttpConfig: "server {" });
    await assert.rejects(store.realise(unbalanced), /unexpected end of file, expecting "\}"/);
  });

  test("a proxy_pass host only DNS knows fails the check; validateConfigFile = false skips it", async () => {
    const settings = { virtualHosts: { a: { locations: { "/": { proxyPass: "http://backend.invalid:8080" } } } } };
    await assert.rejects(store.realise(checked(settings)), /\[emerg\] .*host not found in upstream "backend\.invalid"/);
    const config = evaluate({ ...settings, validateConfigFile: false });
    const unchecked = checkedNginxConfig(pkgs, pkgs.nginx, config.services.nginx.configText, { check: false, hostsText: "" });
    assert.ok(String((config.systemd.services.nginx.serviceConfig.ExecStart as string[])[1]).includes(unchecked.outPath));
  });
});
