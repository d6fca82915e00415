import { defineModule, mkOption, types } from "../../src/modules/index.ts";

/** systemd.tmpfiles.rules → /etc/tmpfiles.d/00-keel.conf (systemd-tmpfiles applies it at boot and on switch). */
export default defineModule({
  options: {
    systemd: {
      tmpfiles: {
        rules: mkOption({
          type: types.listOf(types.str),
          default: [],
          example: ["d /var/lib/myservice 0750 myservice myservice -"],
          description: "tmpfiles.d(5) lines: directories, files and links to create, clean or fix up.",
        }),
      },
    },
  },
  config: ({ config }) => ({
    environment: { etc: { "tmpfiles.d/00-keel.conf": { text: `${config.systemd.tmpfiles.rules.join("\n")}\n` } } },
  }),
});
