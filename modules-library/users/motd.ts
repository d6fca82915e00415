import { readFileSync } from "node:fs";
import { defineModule, mkIf, mkOption, types } from "../../src/modules/index.ts";

/**
 * users.motd and users.motdFile (nixos/modules/security/pam.nix): the message of the day. NixOS
 * hands it to pam_motd by store path; Debian's login and sshd PAM stacks already run pam_motd on
 * /etc/motd, so Keel writes it there (in place of base-files' default text). Unset, Debian's
 * /etc/motd stays.
 */
export default defineModule({
  options: {
    users: {
      motd: mkOption({
        type: types.nullOr(types.lines),
        default: null,
        example: "Today is Sweetmorn, the 4th day of The Aftermath in the YOLD 3178.",
        description: "Message of the day shown to users when they log in (/etc/motd).",
      }),
      motdFile: mkOption({
        type: types.nullOr(types.path),
        default: null,
        example: "/etc/keel/motd",
        description: "A file containing the message of the day shown to users when they log in; read when the configuration is built.",
      }),
    },
  },
  config: ({ config }) => {
    const { motd, motdFile } = config.users;
    const both = motd !== null && motdFile !== null;
    const read = motdFile === null || both ? undefined : readMotdFile(String(motdFile));
    const text = both ? null : motd ?? (read !== undefined && "text" in read ? read.text : null);
    return {
      environment: { etc: { motd: mkIf(text !== null, { text: text ?? "" }) } },
      assertions: [
        { assertion: !both, message: "Only one of users.motd and users.motdFile can be set." },
        ...(read !== undefined && "error" in read ? [{ assertion: false, message: read.error }] : []),
      ],
    };
  },
});

function readMotdFile(path: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(path, "utf8") };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: `users.motdFile: cannot read ${path} (${reason}). Point it at an existing file, or use users.motd for the text itself.` };
  }
}
