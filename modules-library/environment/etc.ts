import { defineModule, mkDefault, mkLazyIf, mkOption, types } from "../../src/modules/index.ts";

/** The store file name for an /etc entry given as text: `etc-ssh-sshd_config`, as NixOS names it. */
export function etcFileName(target: string): string {
  return `etc-${target.replace(/^\/+/, "").replace(/\//g, "-")}`;
}

/** `environment.etc.<path>`: files of /etc, as NixOS's etc.nix declares them. */
export default defineModule(({ pkgs }) => ({
  options: {
    environment: {
      etc: mkOption({
        default: {},
        example: { issue: { text: "Welcome\n" } },
        description:
          "Files in /etc, by path below /etc. Each is a link into the generation (so a switch changes them all at once) unless `mode` asks for a copy.",
        type: types.attrsOf(
          types.submodule(({ name, config }: { name: string; config: { text: string | null } }) => ({
            options: {
              enable: mkOption({ type: types.bool, default: true, description: "Whether this file is generated." }),
              target: mkOption({ type: types.str, description: "The path below /etc (default: the attribute name)." }),
              text: mkOption({ type: types.nullOr(types.lines), default: null, description: "The file's contents." }),
              source: mkOption({
                type: types.oneOf([types.path, types.package]),
                description: "A file (or directory) in the store the entry points at. Derived from `text` when that is set (a store file named `etc-<name>`), as in NixOS.",
              }),
              mode: mkOption({
                type: types.str,
                default: "symlink",
                example: "0600",
                description: "`symlink`, `direct-symlink`, or an octal mode: the file is then copied with that mode and owner.",
              }),
              user: mkOption({ type: types.str, default: "+0", description: "Owner of a copied file: a user name or `+<uid>`." }),
              group: mkOption({ type: types.str, default: "+0", description: "Group of a copied file: a group name or `+<gid>`." }),
            },
            config: {
              target: mkDefault(name),
              // NixOS's etc.nix: `source = mkIf (text != null) (writeText "etc-<name>" text)`, so
              // every entry has a source and the whole config can be read (rebuild eval --json).
              source: mkLazyIf(
                () => config.text !== null,
                () => pkgs.writeText(etcFileName(name), config.text ?? ""),
              ),
            },
          })),
        ),
      }),
    },
  },
}));
