/**
 * nginx.conf as nixos/modules/services/web-servers/nginx/default.nix writes it, with Debian's
 * paths: mime.types, fastcgi.conf and uwsgi_params come from the nginx-common package by store
 * path (Keel's /etc has no /etc/nginx), and the temp paths Debian compiles in (/var/lib/nginx) are
 * moved to /var/cache/nginx, the unit's CacheDirectory, as NixOS's build configures them.
 */

export interface NginxLocation {
  proxyPass: string | null;
  proxyWebsockets: boolean;
  recommendedProxySettings: boolean | null;
  index: string | null;
  tryFiles: string | null;
  root: string | null;
  alias: string | null;
  return: string | null;
  basicAuthFile: string | null;
  extraConfig: string;
  priority: number;
}

export interface NginxListen {
  addr: string;
  port: number | null;
  ssl: boolean;
  extraParameters: string[];
}

export interface NginxVirtualHost {
  serverName: string;
  serverAliases: string[];
  listen: NginxListen[];
  listenAddresses: string[];
  default: boolean;
  root: string | null;
  globalRedirect: string | null;
  addSSL: boolean;
  onlySSL: boolean;
  forceSSL: boolean;
  http2: boolean;
  sslCertificate: string | null;
  sslCertificateKey: string | null;
  sslTrustedCertificate: string | null;
  basicAuthFile: string | null;
  locations: Record<string, NginxLocation>;
  extraConfig: string;
}

export interface NginxSettings {
  config: string;
  eventsConfig: string;
  httpConfig: string;
  appendConfig: string;
  appendHttpConfig: string;
  commonHttpConfig: string;
  commonServerConfig: string;
  logError: string;
  recommendedOptimisation: boolean;
  recommendedGzipSettings: boolean;
  recommendedProxySettings: boolean;
  recommendedTlsSettings: boolean;
  proxyTimeout: string;
  sslProtocols: string;
  sslCiphers: string | null;
  sslDhparam: string | null;
  statusPage: boolean;
  clientMaxBodySize: string;
  serverTokens: boolean;
  defaultListenAddresses: string[];
  defaultHTTPListenPort: number;
  defaultSSLListenPort: number;
  virtualHosts: Record<string, NginxVirtualHost>;
}

/** Files the config includes, as store paths. */
export interface NginxIncludes {
  mimeTypes: string;
  /** Directory with Debian's fastcgi.conf and uwsgi_params (nginx-common's etc/nginx). */
  confDir: string;
  /** The recommended proxy headers (`recommendedProxyHeaders` as a store file). */
  proxyHeaders: string;
}

/** Where the generated file puts state; the build check points the same names at a scratch dir. */
export const NGINX_PATHS = { pid: "/run/nginx/nginx.pid", cache: "/var/cache/nginx", logs: "/var/log/nginx" } as const;

// nixpkgs' list (from ngx_brotli's sample and h5bp's server configs); text/html is implicit.
const compressMimeTypes = [
  "application/atom+xml", "application/geo+json", "application/json", "application/ld+json", "application/manifest+json",
  "application/rdf+xml", "application/vnd.ms-fontobject", "application/wasm", "application/x-rss+xml",
  "application/x-web-app-manifest+json", "application/xhtml+xml", "application/xliff+xml", "application/xml",
  "font/collection", "font/otf", "font/ttf", "image/bmp", "image/svg+xml", "image/vnd.microsoft.icon",
  "text/cache-manifest", "text/calendar", "text/css", "text/csv", "text/javascript", "text/markdown", "text/plain",
  "text/vcard", "text/vnd.rim.location.xloc", "text/vtt", "text/x-component", "text/xml",
];

/** The headers `include`d where recommendedProxySettings applies (nixpkgs' recommendedProxyConfig). */
export const recommendedProxyHeaders = [
  "proxy_set_header        Host $host;",
  "proxy_set_header        X-Real-IP $remote_addr;",
  "proxy_set_header        X-Forwarded-For $proxy_add_x_forwarded_for;",
  "proxy_set_header        X-Forwarded-Proto $scheme;",
  "proxy_set_header        X-Forwarded-Host $host;",
  "proxy_set_header        X-Forwarded-Server $host;",
  "",
].join("\n");

/** Locations in NixOS's order: by priority, then by path (sortProperties over attribute order). */
export function sortedLocations(locations: Record<string, NginxLocation>): [string, NginxLocation][] {
  return Object.entries(locations).sort(([a, x], [b, y]) => x.priority - y.priority || (a < b ? -1 : a > b ? 1 : 0));
}

/** The whole nginx.conf. */
export function renderNginxConfig(cfg: NginxSettings, inc: NginxIncludes): string {
  const parts = [`pid ${NGINX_PATHS.pid};`, `error_log ${cfg.logError};`, "daemon off;", "", cfg.config];
  if (cfg.eventsConfig !== "" || cfg.config === "") parts.push(block("events", cfg.eventsConfig));
  if (cfg.httpConfig === "" && cfg.config === "") parts.push(block("http", httpBody(cfg, inc)));
  if (cfg.httpConfig !== "") parts.push(block("http", `${commonHttpConfig(inc)}\n${cfg.httpConfig}`));
  parts.push(cfg.appendConfig);
  return tidy(parts.join("\n"));
}

function commonHttpConfig(inc: NginxIncludes): string {
  return lines(
    "# Load mime types.",
    `include ${inc.mimeTypes};`,
    // Debian's mime.types has more entries than the default hash allows without recommendedOptimisation.
    "types_hash_max_size 4096;",
    `include ${inc.confDir}/fastcgi.conf;`,
    `include ${inc.confDir}/uwsgi_params;`,
    "default_type application/octet-stream;",
    // Debian compiles /var/lib/nginx/* in; NixOS (and this unit's CacheDirectory) use /var/cache/nginx.
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `${t}_temp_path ${NGINX_PATHS.cache}/${t};`),
    // Debian's compiled-in default, written out so the build check can point it at a scratch dir.
    `access_log ${NGINX_PATHS.logs}/access.log;`,
  );
}

function httpBody(cfg: NginxSettings, inc: NginxIncludes): string {
  const out = [commonHttpConfig(inc)];
  if (cfg.recommendedOptimisation) out.push(lines("# optimisation", "sendfile on;", "tcp_nopush on;", "tcp_nodelay on;", "keepalive_timeout 65;"));
  out.push(`ssl_protocols ${cfg.sslProtocols};`);
  if (cfg.sslCiphers !== null) out.push(`ssl_ciphers ${cfg.sslCiphers};`);
  if (cfg.sslDhparam !== null) out.push(`ssl_dhparam ${cfg.sslDhparam};`);
  if (cfg.recommendedTlsSettings)
    out.push(lines("ssl_session_timeout 1d;", "ssl_session_cache shared:SSL:10m;", "ssl_session_tickets off;", "ssl_prefer_server_ciphers off;", "ssl_stapling on;", "ssl_stapling_verify on;"));
  if (cfg.recommendedGzipSettings)
    out.push(
      lines(
        "gzip on;",
        "gzip_static on;",
        "gzip_vary on;",
        "gzip_comp_level 5;",
        "gzip_min_length 256;",
        "gzip_proxied expired no-cache no-store private auth;",
        `gzip_types ${compressMimeTypes.join(" ")};`,
      ),
    );
  if (cfg.recommendedProxySettings)
    out.push(
      lines(
        "proxy_redirect          off;",
        `proxy_connect_timeout   ${cfg.proxyTimeout};`,
        `proxy_send_timeout      ${cfg.proxyTimeout};`,
        `proxy_read_timeout      ${cfg.proxyTimeout};`,
        "proxy_http_version      1.1;",
        // Keep-alive to upstreams: clients must not close the upstream connection.
        'proxy_set_header        "Connection" "";',
        `include ${inc.proxyHeaders};`,
      ),
    );
  out.push(block("map $http_upgrade $connection_upgrade", lines("default upgrade;", "'' close;")));
  out.push(`client_max_body_size ${cfg.clientMaxBodySize};`);
  out.push(`server_tokens ${cfg.serverTokens ? "on" : "off"};`);
  out.push(cfg.commonHttpConfig);
  if (cfg.statusPage) out.push(statusServer(cfg));
  for (const name of Object.keys(cfg.virtualHosts).sort()) out.push(renderVirtualHost(cfg, cfg.virtualHosts[name] as NginxVirtualHost, inc));
  out.push(cfg.appendHttpConfig);
  return out.join("\n\n");
}

function statusServer(cfg: NginxSettings): string {
  const v6 = cfg.defaultListenAddresses.some((a) => a.startsWith("["));
  const body = lines(
    `listen ${cfg.defaultHTTPListenPort};`,
    v6 ? `listen [::]:${cfg.defaultHTTPListenPort};` : "",
    "server_name localhost;",
    block("location /nginx_status", lines("stub_status on;", "access_log off;", "allow 127.0.0.1;", v6 ? "allow ::1;" : "", "deny all;")),
  );
  return block("server", body);
}

/** The listeners of a host, as NixOS derives them from listen / listenAddresses / the defaults. */
export function hostListeners(cfg: NginxSettings, vhost: NginxVirtualHost): NginxListen[] {
  if (vhost.listen.length > 0) return vhost.listen;
  const onlySSL = vhost.onlySSL;
  const hasSSL = onlySSL || vhost.addSSL || vhost.forceSSL;
  const addrs = vhost.listenAddresses.length > 0 ? vhost.listenAddresses : cfg.defaultListenAddresses;
  return [
    ...(hasSSL ? addrs.map((addr) => ({ addr, port: cfg.defaultSSLListenPort, ssl: true, extraParameters: [] })) : []),
    ...(!onlySSL ? addrs.map((addr) => ({ addr, port: cfg.defaultHTTPListenPort, ssl: false, extraParameters: [] })) : []),
  ];
}

function listenLine(vhost: NginxVirtualHost, l: NginxListen): string {
  const words = [`${l.addr}${l.port === null ? "" : `:${l.port}`}`];
  if (l.ssl && vhost.http2) words.push("http2");
  if (l.ssl) words.push("ssl");
  if (vhost.default) words.push("default_server");
  words.push(...l.extraParameters);
  return `listen ${words.join(" ")};`;
}

export function renderVirtualHost(cfg: NginxSettings, vhost: NginxVirtualHost, inc: NginxIncludes): string {
  const hasSSL = vhost.onlySSL || vhost.addSSL || vhost.forceSSL;
  const listeners = hostListeners(cfg, vhost);
  const serverName = `server_name ${[vhost.serverName, ...vhost.serverAliases].join(" ")};`;
  const out: string[] = [];
  if (vhost.forceSSL) {
    const redirect = listeners.filter((l) => !l.ssl).map((l) => listenLine(vhost, l));
    out.push(block("server", lines(...redirect, serverName, block("location /", "return 301 https://$host$request_uri;"))));
  }
  const hostListen = (vhost.forceSSL ? listeners.filter((l) => l.ssl) : listeners).map((l) => listenLine(vhost, l));
  out.push(
    block(
      "server",
      lines(
        ...hostListen,
        serverName,
        cfg.commonServerConfig,
        vhost.root !== null ? `root ${vhost.root};` : "",
        vhost.globalRedirect !== null ? block("location /", `return 301 http${hasSSL ? "s" : ""}://${vhost.globalRedirect}$request_uri;`) : "",
        hasSSL ? lines(`ssl_certificate ${vhost.sslCertificate};`, `ssl_certificate_key ${vhost.sslCertificateKey};`) : "",
        hasSSL && vhost.sslTrustedCertificate !== null ? `ssl_trusted_certificate ${vhost.sslTrustedCertificate};` : "",
        basicAuth(vhost.basicAuthFile),
        ...sortedLocations(vhost.locations).map(([path, loc]) => renderLocation(cfg, path, loc, inc)),
        vhost.extraConfig,
      ),
    ),
  );
  return out.join("\n\n");
}

function renderLocation(cfg: NginxSettings, path: string, loc: NginxLocation, inc: NginxIncludes): string {
  const proxyHeaders = loc.proxyPass !== null && (loc.recommendedProxySettings ?? cfg.recommendedProxySettings);
  return block(
    `location ${path}`,
    lines(
      loc.proxyPass !== null ? `proxy_pass ${loc.proxyPass};` : "",
      loc.proxyWebsockets ? lines("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;") : "",
      loc.index !== null ? `index ${loc.index};` : "",
      loc.tryFiles !== null ? `try_files ${loc.tryFiles};` : "",
      loc.root !== null ? `root ${loc.root};` : "",
      loc.alias !== null ? `alias ${loc.alias};` : "",
      loc.return !== null ? `return ${loc.return};` : "",
      loc.extraConfig,
      proxyHeaders ? `include ${inc.proxyHeaders};` : "",
      basicAuth(loc.basicAuthFile),
    ),
  );
}

function basicAuth(file: string | null): string {
  return file === null ? "" : lines("auth_basic secured;", `auth_basic_user_file ${file};`);
}

/** Non-empty parts, one per line. */
function lines(...parts: string[]): string {
  return parts.map((p) => p.replace(/\n+$/, "")).filter((p) => p.trim() !== "").join("\n");
}

function block(head: string, body: string): string {
  const inner = body
    .split("\n")
    .map((l) => (l.trim() === "" ? "" : `  ${l}`))
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
  return inner === "" ? `${head} {\n}` : `${head} {\n${inner}\n}`;
}

/** Collapses runs of blank lines left by empty options and ends with one newline. */
function tidy(text: string): string {
  return `${text.replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
