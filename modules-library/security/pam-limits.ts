import { defineModule, mkIf, mkOption, types } from "../../src/modules/index.ts";

/** limits.conf(5) items, as nixpkgs' `limitsType` lists them. */
const items = ["core", "data", "fsize", "memlock", "nofile", "rss", "stack", "cpu", "nproc", "as", "maxlogins", "maxsyslogins", "priority", "locks", "sigpending", "msgqueue", "nice", "rtprio"];

/** The conf file pam_limits is pointed at (pam.ts adds the module to Debian's common session stacks). */
export const LIMITS_CONF = "/etc/security/limits.conf";

/**
 * security.pam.loginLimits (nixos/modules/security/pam.nix): resource limits for login sessions,
 * written to /etc/security/limits.conf in NixOS's format (`domain type item value`, one a line).
 * NixOS adds `pam_limits.so conf=<file>` to every PAM service; Keel adds it to Debian's
 * common-session stacks, which every service includes.
 */
export default defineModule({
  options: {
    security: {
      pam: {
        loginLimits: mkOption({
          type: types.listOf(
            types.submodule({
              options: {
                domain: mkOption({ type: types.str, example: "@wheel", description: "Username, groupname (`@group`), or wildcard this limit applies to." }),
                type: mkOption({ type: types.enum(["-", "hard", "soft"]), default: "-", description: "Type of this limit: `soft`, `hard`, or `-` for both." }),
                item: mkOption({ type: types.enum(items), description: "Item this limit applies to (see limits.conf(5))." }),
                value: mkOption({ type: types.oneOf([types.str, types.int]), description: "Value of this limit (`unlimited`, `-1` or a number)." }),
              },
            }),
          ),
          default: [],
          example: [
            { domain: "ftp", type: "hard", item: "nproc", value: "0" },
            { domain: "@student", type: "-", item: "maxlogins", value: "4" },
          ],
          description:
            "Resource limits that apply to users or groups in their login sessions, one `{ domain, type, item, value }` per limits.conf(5) line. They do not apply to systemd services, whose limits are set in their units (`LimitNOFILE=` etc.).",
        }),
      },
    },
  },
  config: ({ config }) => {
    const limits = config.security.pam.loginLimits;
    const bad = limits.filter((l) => /\s/.test(l.domain) || /\s/.test(String(l.value)) || l.domain === "" || String(l.value) === "");
    return {
      environment: {
        etc: {
          "security/limits.conf": mkIf(limits.length > 0, { text: limits.map((l) => `${l.domain} ${l.type} ${l.item} ${String(l.value)}\n`).join("") }),
        },
      },
      assertions: bad.map((l) => ({
        assertion: false,
        message: `security.pam.loginLimits: \`${l.domain} ${l.type} ${l.item} ${String(l.value)}' is not a limits.conf line: domain and value must be single non-empty words.`,
      })),
    };
  },
});
