import { mkOption, types } from "../../src/modules/index.ts";

/**
 * `services.nginx.virtualHosts.<name>` and its `locations.<path>`, with the names, types and
 * defaults of nixos/modules/services/web-servers/nginx/{vhost,location}-options.nix (the subset
 * Keel renders; ACME, QUIC and fastcgi parameters are not here).
 */
const nullStr = (description: string, example?: string) =>
  mkOption({ type: types.nullOr(types.str), default: null, ...(example === undefined ? {} : { example }), description });
const nullPath = (description: string, example?: string) =>
  mkOption({ type: types.nullOr(types.path), default: null, ...(example === undefined ? {} : { example }), description });

export const locationType = types.submodule({
  options: {
    proxyPass: nullStr("Adds a `proxy_pass` directive (and the recommended proxy headers when recommendedProxySettings is on).", "http://127.0.0.1:8080"),
    proxyWebsockets: mkOption({
      type: types.bool,
      default: false,
      description: "Whether to support proxying websocket connections with HTTP/1.1 (`Upgrade` and `Connection` headers).",
    }),
    recommendedProxySettings: mkOption({
      type: types.nullOr(types.bool),
      default: null,
      description: "Whether this location includes the recommended proxy headers; null follows services.nginx.recommendedProxySettings.",
    }),
    index: nullStr("Adds an `index` directive.", "index.php index.html"),
    tryFiles: nullStr("Adds a `try_files` directive.", "$uri =404"),
    root: nullPath("Root directory for requests (`root`)."),
    alias: nullPath("Alias directory for requests (`alias`)."),
    return: nullStr("Adds a `return` directive, for example a redirection.", "301 http://example.com$request_uri"),
    basicAuthFile: nullPath("An htpasswd file protecting this location (`auth_basic_user_file`)."),
    extraConfig: mkOption({ type: types.lines, default: "", description: "Lines appended to the location block verbatim." }),
    priority: mkOption({
      type: types.int,
      default: 1000,
      description: "Order of this location block among the virtual host's: smaller comes first, equal priorities go by path (as `lib.mkOrder`).",
    }),
  },
});

const listenType = types.submodule({
  options: {
    addr: mkOption({ type: types.str, example: "0.0.0.0", description: "The address to listen on (`[::]` style for IPv6, or `unix:/path`)." }),
    port: mkOption({ type: types.nullOr(types.port), default: null, description: "The port; null lets nginx choose (80)." }),
    ssl: mkOption({ type: types.bool, default: false, description: "Whether this listener speaks TLS." }),
    extraParameters: mkOption({ type: types.listOf(types.str), default: [], example: ["backlog=1024", "deferred"], description: "More parameters of this `listen` directive." }),
  },
});

export const virtualHostType = types.submodule(({ name }: { name: string }) => ({
  options: {
    serverName: mkOption({ type: types.str, default: name, description: "The host's primary name (`server_name`); by default the attribute name." }),
    serverAliases: mkOption({ type: types.listOf(types.str), default: [], example: ["www.example.org"], description: "More names of the host (`server_name`)." }),
    listen: mkOption({
      type: types.listOf(listenType),
      default: [],
      example: [{ addr: "195.154.1.1", port: 443, ssl: true }, { addr: "192.154.1.1", port: 80 }],
      description: "Listen addresses and ports of this host; empty means listenAddresses (or services.nginx.defaultListenAddresses) on the default ports.",
    }),
    listenAddresses: mkOption({
      type: types.listOf(types.str),
      default: [],
      example: ["127.0.0.1", "[::1]"],
      description: "Addresses this host listens on with the default ports, when `listen` is empty; empty means services.nginx.defaultListenAddresses.",
    }),
    default: mkOption({ type: types.bool, default: false, description: "Whether this is the default server for its listeners (`default_server`)." }),
    root: nullPath("The document root of this host (`root`).", "/data/webserver/docs"),
    globalRedirect: nullStr("A host to redirect every request to, keeping the path (`return 301`).", "newserver.example.org"),
    addSSL: mkOption({ type: types.bool, default: false, description: "Whether to serve HTTPS besides HTTP (needs sslCertificate and sslCertificateKey)." }),
    onlySSL: mkOption({ type: types.bool, default: false, description: "Whether to serve HTTPS only." }),
    forceSSL: mkOption({ type: types.bool, default: false, description: "Whether to serve HTTPS and redirect every HTTP request to it." }),
    http2: mkOption({ type: types.bool, default: true, description: "Whether the TLS listeners speak HTTP/2." }),
    sslCertificate: nullPath("The certificate chain (`ssl_certificate`).", "/var/host.cert"),
    sslCertificateKey: nullPath("The certificate's private key (`ssl_certificate_key`).", "/var/host.key"),
    sslTrustedCertificate: nullPath("CA certificates for OCSP stapling (`ssl_trusted_certificate`)."),
    basicAuthFile: nullPath("An htpasswd file protecting the whole host (`auth_basic_user_file`)."),
    locations: mkOption({
      type: types.attrsOf(locationType),
      default: {},
      example: { "/": { proxyPass: "http://localhost:3000" } },
      description: "Location blocks by path (or `~ regex`, `= exact`, `@name`), ordered by priority, then path.",
    }),
    extraConfig: mkOption({ type: types.lines, default: "", description: "Lines appended to the server block verbatim." }),
  },
}));
