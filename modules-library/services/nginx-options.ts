import { mkOption, mkPackageOption, types } from "../../src/modules/index.ts";
import { virtualHostType } from "./nginx-vhost-options.ts";

const flag = (description: string, dflt = false) => mkOption({ type: types.bool, default: dflt, description });
const lines = (description: string, example?: string) =>
  mkOption({ type: types.lines, default: "", ...(example === undefined ? {} : { example }), description });

/**
 * `services.nginx.*` with nixpkgs' names, types and defaults (the subset Keel renders), for
 * nginx.ts to declare, with the package defaults from `pkgs`.
 */
export function nginxOptions(pkgs: unknown, mimeTypes: string) {
  return {
    enable: mkOption({ type: types.bool, default: false, description: "Whether to run the nginx web server." }),
    package: mkPackageOption(pkgs, "nginx"),
    defaultMimeTypes: mkOption({
      type: types.path,
      default: mimeTypes,
      defaultText: 'pkgs["nginx-common"].path("etc/nginx/mime.types")',
      description: "The MIME types file the http block includes (Debian's, from nginx-common, by store path).",
    }),
    validateConfigFile: flag("Whether the generated nginx.conf is checked with the package's `nginx -t` when the system is built (host names in `proxy_pass` must then resolve through the machine's /etc/hosts).", true),
    user: mkOption({ type: types.str, default: "nginx", description: "The account nginx runs as (its master process too: it binds low ports through CAP_NET_BIND_SERVICE)." }),
    group: mkOption({ type: types.str, default: "nginx", description: "The group nginx runs as." }),
    enableReload: flag(
      "Whether a changed configuration is reloaded (`kill -HUP`: workers replaced, connections kept) instead of restarting nginx. The file is then /etc/nginx/nginx.conf, so the unit stays the same.",
    ),
    statusPage: flag("Whether to serve nginx's status page on http://127.0.0.1/nginx_status (stub_status, localhost only)."),
    recommendedOptimisation: flag("Whether to enable recommended optimisation settings (sendfile, tcp_nopush, tcp_nodelay, keepalive_timeout)."),
    recommendedGzipSettings: flag("Whether to enable recommended gzip settings."),
    recommendedProxySettings: flag("Whether to enable recommended proxy settings and, in every proxying location unless it says otherwise, the recommended proxy headers."),
    recommendedTlsSettings: flag("Whether to enable recommended TLS settings (session cache, no tickets, OCSP stapling)."),
    proxyTimeout: mkOption({ type: types.str, default: "60s", example: "20s", description: "The proxy timeouts recommendedProxySettings sets." }),
    sslProtocols: mkOption({ type: types.str, default: "TLSv1.2 TLSv1.3", description: "Allowed TLS protocol versions." }),
    sslCiphers: mkOption({
      type: types.nullOr(types.str),
      default:
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384",
      description: "Ciphers to choose from in TLS handshakes (Mozilla's intermediate list).",
    }),
    sslDhparam: mkOption({ type: types.nullOr(types.path), default: null, description: "A Diffie-Hellman parameters file." }),
    config: lines("The whole nginx.conf after the pid, error_log and daemon lines: when set, no http block is generated (and events only from eventsConfig)."),
    eventsConfig: lines("Lines inside the events block."),
    httpConfig: lines("Lines of an http block written instead of the generated one (virtual hosts and recommended settings are then ignored)."),
    commonHttpConfig: lines("Lines in the http block before the servers: definitions they use (log_format, resolver, ...).", "resolver 127.0.0.1 valid=5s;"),
    commonServerConfig: lines("Lines added to every server block generated from virtualHosts."),
    appendHttpConfig: lines("Lines appended to the generated http block."),
    appendConfig: lines("Lines appended to nginx.conf (main context)."),
    logError: mkOption({ type: types.str, default: "stderr", example: "stderr info", description: "The `error_log` destination and level; stderr goes to the journal." }),
    preStart: lines("Shell commands run before nginx starts."),
    clientMaxBodySize: mkOption({ type: types.str, default: "10m", description: "The global `client_max_body_size`." }),
    serverTokens: flag("Whether nginx's version shows in headers and error pages."),
    defaultListenAddresses: mkOption({
      type: types.listOf(types.str),
      default: ["0.0.0.0", "[::0]"],
      example: ["10.0.0.12", "[2002:a00:1::]"],
      description: "Addresses virtual hosts listen on when they give neither listen nor listenAddresses.",
    }),
    defaultHTTPListenPort: mkOption({ type: types.port, default: 80, example: 8080, description: "The HTTP port of virtual hosts that give no listen ports." }),
    defaultSSLListenPort: mkOption({ type: types.port, default: 443, example: 8443, description: "The HTTPS port of virtual hosts that give no listen ports." }),
    virtualHosts: mkOption({
      type: types.attrsOf(virtualHostType),
      default: { localhost: {} },
      example: { "hydra.example.com": { forceSSL: true, sslCertificate: "/var/lib/certs/fullchain.pem", sslCertificateKey: "/var/lib/certs/key.pem", locations: { "/": { proxyPass: "http://localhost:3000" } } } },
      description: "Virtual hosts (server blocks) by name.",
    }),
  };
}
