import { defineModule, mkDefault, mkIf, mkOption, types } from "../../src/modules/index.ts";
import { LIMITS_CONF } from "./pam-limits.ts";

/**
 * Debian's common PAM stacks. On Debian, pam-auth-update writes /etc/pam.d/common-* from the
 * profiles packages drop in /usr/share/pam-configs; Keel runs no maintainer scripts, so it writes
 * what pam-auth-update produces for the unix profile (plus pam_systemd when logind sessions are
 * wanted). The per-service files (login, sshd, sudo, su, passwd...) come from their packages.
 */
function stack(kind: string, unixLine: string, extra: string[] = []): string {
  return [
    `# Keel: the ${kind} stack every PAM service includes (Debian's pam-auth-update layout).`,
    `${kind}\t${unixLine}`,
    `${kind}\trequisite\t\t\tpam_deny.so`,
    `${kind}\trequired\t\t\tpam_permit.so`,
    ...extra,
    "",
  ].join("\n");
}

export default defineModule({
  options: {
    security: {
      pam: {
        systemdSessions: mkOption({
          type: types.bool,
          default: true,
          description: "Whether login sessions are registered with systemd-logind (pam_systemd), which gives users their runtime directory and user manager.",
        }),
      },
    },
  },
  config: ({ config, pkgs }) => {
    const session = [
      "session\t[default=1]\t\t\tpam_permit.so",
      "session\trequisite\t\t\tpam_deny.so",
      "session\trequired\t\t\tpam_permit.so",
      "session\trequired\tpam_unix.so",
      // security.pam.loginLimits (NixOS: `session required pam_limits.so conf=<file>` in every service).
      // Debian's login and su run pam_limits on the same file too; applying it twice is harmless.
      ...(config.security.pam.loginLimits.length > 0 ? [`session\trequired\tpam_limits.so conf=${LIMITS_CONF}`] : []),
    ];
    return {
      environment: {
        etc: {
          "pam.d/common-auth": { text: mkDefault(stack("auth", "[success=1 default=ignore]\tpam_unix.so nullok")) },
          "pam.d/common-account": { text: mkDefault(stack("account", "[success=1 new_authtok_reqd=done default=ignore]\tpam_unix.so")) },
          "pam.d/common-password": { text: mkDefault(stack("password", "[success=1 default=ignore]\tpam_unix.so obscure yescrypt")) },
          "pam.d/common-session": {
            text: mkDefault(
              `${[...session, ...(config.security.pam.systemdSessions ? ["session\toptional\tpam_systemd.so"] : [])].join("\n")}\n`,
            ),
          },
          "pam.d/common-session-noninteractive": { text: mkDefault(`${session.join("\n")}\n`) },
        },
        systemPackages: mkIf(config.security.pam.systemdSessions, [pkgs["libpam-systemd"]]),
      },
    };
  },
});
