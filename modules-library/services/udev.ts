import { defineModule, mkIf, mkOption, types } from "../../src/modules/index.ts";

/**
 * services.udev.extraRules (nixos/modules/services/hardware/udev.nix): the machine's own udev rules,
 * as /etc/udev/rules.d/99-local.rules (udevd reads /etc's rules besides its packages'). As in NixOS,
 * a switch that changes them restarts systemd-udevd (restartTriggers; as the running daemon, not
 * through its sockets), which reads its rules anew.
 */
export default defineModule({
  options: {
    services: {
      udev: {
        extraRules: mkOption({
          type: types.lines,
          default: "",
          example: 'SUBSYSTEM=="net", ATTR{address}=="00:1d:60:b9:6d:4f", NAME="lan"',
          description: "udev rules (udev(7)) of this machine, written to /etc/udev/rules.d/99-local.rules.",
        }),
      },
    },
  },
  config: ({ config }) => {
    const rules = config.services.udev.extraRules;
    const text = `${rules.trimEnd()}\n`;
    return mkIf(rules.trim() !== "", {
      environment: { etc: { "udev/rules.d/99-local.rules": { text } } },
      systemd: { services: { "systemd-udevd": { restartTriggers: [text], stopIfChanged: false, notSocketActivated: true } } },
    });
  },
});
