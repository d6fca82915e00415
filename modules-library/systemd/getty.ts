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
        autologinUser: mkOption({
          type: types.nullOr(types.str),
          default: null,
          example: "alice",
          description: "A user logged in automatically, without a password, on every virtual and serial console (and the container console). null: a normal login prompt.",
        }),
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
    const user = config.services.getty.autologinUser;
    if (user !== null) {
      // Drop-ins on Debian's templates (and console-getty, a container's console): `ExecStart=`
      // empty first, since a service may have only one; then Debian's own command line (the tty is
      // `-`: TTYPath= gives it as stdin) with --autologin, and `-f` so login asks no password.
      const agetty = (args: string) => `[Service]\nExecStart=\nExecStart=-/sbin/agetty -o '-p -f -- \\\\u' ${args} $TERM\n`;
      units["getty@.service"] = { text: agetty(`--noclear --autologin ${user} -`), wantedBy: [], overrideStrategy: "asDropin" };
      units["serial-getty@.service"] = { text: agetty(`--keep-baud --autologin ${user} 115200,57600,38400,9600 -`), wantedBy: [], overrideStrategy: "asDropin" };
      units["console-getty.service"] = { text: agetty(`--noclear --keep-baud --autologin ${user} - 115200,38400,9600`), wantedBy: [], overrideStrategy: "asDropin" };
    }
    return {
      systemd: { units },
      assertions: [
        {
          assertion: user === null || user in config.users.users,
          message: `services.getty.autologinUser is \`${user}', which is not declared in users.users.`,
        },
      ],
    };
  },
});
