import { defineModule, mkOption, types } from "../../src/modules/index.ts";

/** `environment.systemPackages`: what `sw/` (the machine's /usr) is made of. */
export default defineModule({
  options: {
    environment: {
      systemPackages: mkOption({
        type: types.listOf(types.package),
        default: [],
        example: "[ pkgs.htop pkgs.git ]",
        description: "Packages installed in the system: their files appear under /usr (and /bin, /sbin, /lib through it).",
      }),
      basePackages: mkOption({
        type: types.listOf(types.package),
        default: [],
        internal: true,
        description: "Packages every system has (Debian's Essential set, systemd, the shell): defined by the base modules.",
      }),
    },
  },
});
