import { defineModule, mkIf, mkOption, types } from "../../src/modules/index.ts";

/**
 * services.fstrim (nixos/modules/services/misc/fstrim.nix): Debian's util-linux ships
 * fstrim.service and fstrim.timer in /lib/systemd/system; enabling links the timer into
 * timers.target and overrides its schedule with a drop-in. `OnCalendar=` is reset first, because
 * the packaged timer already says `OnCalendar=weekly` and timer settings add up.
 */
export default defineModule({
  options: {
    services: {
      fstrim: {
        enable: mkOption({ type: types.bool, default: false, description: "Whether to enable periodic SSD TRIM of mounted partitions in background." }),
        interval: mkOption({
          type: types.str,
          default: "weekly",
          example: "daily",
          description: "How often fstrim runs, as a systemd.time(7) calendar event. For most desktop and server systems once a week is enough.",
        }),
      },
    },
  },
  config: ({ config, pkgs }) => {
    const cfg = config.services.fstrim;
    return mkIf(cfg.enable, {
      environment: { systemPackages: [pkgs["util-linux"]] },
      systemd: {
        timers: {
          fstrim: {
            wantedBy: ["timers.target"],
            timerConfig: { OnCalendar: ["", cfg.interval] },
          },
        },
      },
    });
  },
});
