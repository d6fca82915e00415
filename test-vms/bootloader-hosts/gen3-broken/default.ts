import { defineHost } from "../../../src/modules/index.ts";
import demo from "../../../hosts/demo/default.ts";
import common from "../common.ts";

/**
 * Generation 3: boots, but a health check required by boot-complete.target fails, so the boot is
 * never blessed. With one try, systemd-boot must pass it over on the next boot.
 */
export default defineHost({
  imports: [demo, common],
  config: {
    environment: { etc: { "keel-test-generation": { text: "3\n" } } },
    systemd: {
      services: {
        "keel-health-check": {
          description: "A health check that always fails (bootloader fallback scenario)",
          requiredBy: ["boot-complete.target"],
          before: ["boot-complete.target"],
          after: ["multi-user.target"],
          serviceConfig: { Type: "oneshot", ExecStart: "/bin/false" },
        },
      },
    },
  },
});
