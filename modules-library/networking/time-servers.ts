import { defineModule, mkDefault, mkOption, types } from "../../src/modules/index.ts";

/**
 * networking.timeServers (nixos/modules/config/networking.nix): the machine's NTP servers, which
 * time clients take as their default (services.timesyncd.servers here, as in NixOS).
 */
export default defineModule({
  options: {
    networking: {
      timeServers: mkOption({
        type: types.listOf(types.str),
        default: ["0.debian.pool.ntp.org", "1.debian.pool.ntp.org", "2.debian.pool.ntp.org", "3.debian.pool.ntp.org"],
        example: ["time.example.org"],
        description: "The NTP servers the machine uses (the default of services.timesyncd.servers).",
      }),
    },
  },
  config: ({ config }) => ({
    services: { timesyncd: { servers: mkDefault(config.networking.timeServers) } },
  }),
});
