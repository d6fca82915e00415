import { defineModule, literalExpression, mkOption, mkOptionDefault, types } from "../../src/modules/index.ts";

// The default (networking.proxy.default) is defined in `config` at option-default priority: an
// option's own default is read when it is declared, before any configuration exists.
const proxyOption = (variable: string) =>
  mkOption({
    type: types.nullOr(types.str),
    defaultText: literalExpression("config.networking.proxy.default"),
    example: "http://127.0.0.1:3128",
    description: `The \`${variable}\` environment variable of every session (default: networking.proxy.default).`,
  });

/**
 * networking.proxy (nixos/modules/config/networking.nix): proxy variables for every session,
 * through environment.sessionVariables (pam_env, and login shells). Like NixOS, only the
 * lower-case names are set (curl reads `http_proxy` only in lower case), and only those with a
 * value; a default proxy brings `no_proxy=127.0.0.1,localhost` unless noProxy says otherwise.
 */
export default defineModule({
  options: {
    networking: {
      proxy: {
        default: mkOption({
          type: types.nullOr(types.str),
          default: null,
          example: "http://127.0.0.1:3128",
          description: "The default value of httpProxy, httpsProxy, ftpProxy, rsyncProxy and allProxy.",
        }),
        httpProxy: proxyOption("http_proxy"),
        httpsProxy: proxyOption("https_proxy"),
        ftpProxy: proxyOption("ftp_proxy"),
        rsyncProxy: proxyOption("rsync_proxy"),
        allProxy: proxyOption("all_proxy"),
        noProxy: mkOption({
          type: types.nullOr(types.str),
          default: null,
          example: "127.0.0.1,localhost,.localdomain",
          description: "The `no_proxy` environment variable. If a default proxy is set and noProxy is null, `no_proxy` is `127.0.0.1,localhost`.",
        }),
        envVars: mkOption({
          type: types.attrs,
          internal: true,
          // No default: this module's definition is the only one a read-only option may have.
          readOnly: true,
          description: "The proxy environment variables set from the options above (read-only).",
        }),
      },
    },
  },
  config: ({ config }) => {
    const proxy = config.networking.proxy;
    const fallback = () => (proxy.default === null ? mkOptionDefault(null) : mkOptionDefault(proxy.default));
    // Getters: the variables read the options this module defines, so they are computed on demand.
    return {
      networking: {
        proxy: {
          get httpProxy() { return fallback(); },
          get httpsProxy() { return fallback(); },
          get ftpProxy() { return fallback(); },
          get rsyncProxy() { return fallback(); },
          get allProxy() { return fallback(); },
          get envVars() { return proxyVariables(proxy); },
        },
      },
      environment: {
        get sessionVariables() { return proxyVariables(proxy); },
      },
    };
  },
});

interface ProxyConfig {
  default: string | null;
  httpProxy: string | null;
  httpsProxy: string | null;
  ftpProxy: string | null;
  rsyncProxy: string | null;
  allProxy: string | null;
  noProxy: string | null;
}

/** NixOS's envVars: each variable only when its option has a value. */
function proxyVariables(p: ProxyConfig): Record<string, string> {
  const vars: Record<string, string> = {};
  if (p.default !== null) vars.no_proxy = "127.0.0.1,localhost";
  const set = (name: string, value: string | null) => {
    if (value !== null) vars[name] = value;
  };
  set("http_proxy", p.httpProxy);
  set("https_proxy", p.httpsProxy);
  set("rsync_proxy", p.rsyncProxy);
  set("ftp_proxy", p.ftpProxy);
  set("all_proxy", p.allProxy);
  set("no_proxy", p.noProxy);
  return vars;
}
