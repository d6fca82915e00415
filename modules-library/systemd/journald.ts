import { defineModule, mkOption, types } from "../../src/modules/index.ts";

/** services.journald: journald.conf from options (Debian ships the unit; this only configures it). */
export default defineModule({
  options: {
    services: {
      journald: {
        storage: mkOption({
          type: types.enum(["persistent", "volatile", "auto", "none"]),
          default: "persistent",
          description: "Where the journal is kept: on disk (/var/log/journal), in memory, or not at all.",
        }),
        rateLimitInterval: mkOption({ type: types.str, default: "30s", description: "The window for rate-limiting messages per service." }),
        rateLimitBurst: mkOption({ type: types.int, default: 10000, description: "How many messages a service may log per window." }),
        forwardToConsole: mkOption({ type: types.bool, default: false, description: "Whether messages are also written to the console." }),
        extraConfig: mkOption({ type: types.lines, default: "", example: "SystemMaxUse=500M", description: "More lines for the [Journal] section." }),
      },
    },
  },
  config: ({ config }) => {
    const cfg = config.services.journald;
    const text = [
      "[Journal]",
      `Storage=${cfg.storage}`,
      `RateLimitIntervalSec=${cfg.rateLimitInterval}`,
      `RateLimitBurst=${cfg.rateLimitBurst}`,
      ...(cfg.forwardToConsole ? ["ForwardToConsole=yes"] : []),
      cfg.extraConfig,
    ]
      .filter((l) => l !== "")
      .join("\n");
    return {
      environment: { etc: { "systemd/journald.conf": { text: `${text}\n` } } },
      systemd: { services: { "systemd-journald": { restartTriggers: [text], stopIfChanged: false } } },
    };
  },
});
