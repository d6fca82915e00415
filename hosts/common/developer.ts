import { defineModule } from "../../src/modules/index.ts";

/** A developer's account and tools, as a typical NixOS guide sets them up. */
export default defineModule({
  config: ({ pkgs }) => ({
    users: {
      users: {
        dev: {
          isNormalUser: true,
          description: "Developer",
          extraGroups: ["wheel", "video", "audio"],
          // "changeme", hashed with `mkpasswd -m sha-512`: change it at first login.
          initialHashedPassword: "$6$keeldemo$1SDhFu.SNV8bl6M4Jz/KTLOjqO6BeXIs23x9Euuz2cKWMEo9hRY4h1RXAZ1uUYkiQk0yajRN9uZzzn/osllX50",
          openssh: {
            authorizedKeys: { keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILtxikn10KH1GGjHYBd38JVHexeheAHEbyXR5RrDTR0B dev@laptop"] },
          },
        },
      },
    },
    environment: {
      systemPackages: [pkgs.git, pkgs.curl, pkgs.htop, pkgs["vim-tiny"], pkgs.less],
      variables: { EDITOR: "vim" },
      shellAliases: { ll: "ls -l", la: "ls -la" },
    },
  }),
});
