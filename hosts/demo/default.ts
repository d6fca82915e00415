import { defineHost } from "../../src/modules/index.ts";

/**
 * The demo machine: a minimal server with OpenSSH (key login for alice), one person's account
 * and one service of its own.
 */
export default defineHost({
  config: ({ pkgs }) => ({
    networking: { hostName: "demo" },
    time: { timeZone: "UTC" },
    services: {
      openssh: {
        enable: true,
        settings: { PasswordAuthentication: false, PermitRootLogin: "no" },
        // One key type keeps the first boot quick; RSA keys take seconds to generate under emulation.
        hostKeys: [{ type: "ed25519", path: "/etc/ssh/ssh_host_ed25519_key" }],
      },
    },
    users: {
      mutableUsers: false,
      users: {
        alice: {
          isNormalUser: true,
          description: "Alice",
          extraGroups: ["wheel"],
          openssh: {
            authorizedKeys: {
              keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILtxikn10KH1GGjHYBd38JVHexeheAHEbyXR5RrDTR0B alice@demo"],
            },
          },
        },
      },
    },
    environment: { systemPackages: [pkgs.htop, pkgs.less] },
    systemd: {
      services: {
        hello: {
          description: "Greets the machine once it is up",
          wantedBy: ["multi-user.target"],
          after: ["network.target"],
          serviceConfig: { Type: "oneshot", RemainAfterExit: true },
          script: 'echo "hello from $(cat /etc/hostname)" > /run/hello',
        },
      },
    },
  }),
});
