import { defineModule, mkOption, types } from "../../src/modules/index.ts";

/**
 * Login prompts on the virtual and serial consoles (services.getty). Debian's units are used as
 * they are; what Debian's postinst would enable (`getty@tty1`) is linked here instead.
 */
export default defineModule({
  options: {
    services: {
      getty: {
        ttys: mkOption({ type: types.listOf(types.str), default: ["tty1"], description: "Virtual consoles with a login prompt." }),
        serialTtys: mkOption({
          type: types.listOf(types.str),
          default: [],
          example: ["ttyS0"],
          description:
            "Serial consoles with a login prompt. Usually not needed: systemd starts one on the kernel's console (`console=ttyS0`) by itself.",
        }),
      },
    },
  },
  config: ({ config }) => {
    const units: Record<string, { text: string; wantedBy: string[]; overrideStrategy: "asDropin" }> = {};
    for (const tty of config.services.getty.ttys) units[`getty@${tty}.service`] = { text: "", wantedBy: ["getty.target"], overrideStrategy: "asDropin" };
    for (const tty of config.services.getty.serialTtys) {
      units[`serial-getty@${tty}.service`] = { text: "", wantedBy: ["getty.target"], overrideStrategy: "asDropin" };
    }
    return { systemd: { units } };
  },
});
