import { defineModule, mkOption, types } from "../../src/modules/index.ts";
import { userActivationScript } from "../system/activation-scripts.ts";
import { renderUnitSet, unitRenderContext, unitsByName, unitsOf } from "./render-unit-set.ts";
import { commonUnitOptions, pathOptions, renderedUnitOptions, serviceOptions, sliceOptions, socketOptions, timerOptions } from "./unit-options.ts";

/**
 * `systemd.user.*`: units for every user's systemd manager, with the same options as system
 * units (reference §8.1). They are installed as /etc/systemd/user; `wantedBy = ["default.target"]`
 * starts a unit with each user's manager. A switch re-executes the managers of logged-in and
 * lingering users so they read the new units (reference §3.12).
 */
export default defineModule({
  options: {
    systemd: {
      user: {
        services: unitsOf(serviceOptions, "user service units"),
        sockets: unitsOf(socketOptions, "user socket units"),
        timers: unitsOf(timerOptions, "user timer units"),
        targets: unitsOf(commonUnitOptions, "user target units"),
        paths: unitsOf(pathOptions, "user path units"),
        slices: unitsOf(sliceOptions, "user slice units"),
        units: mkOption({
          type: types.attrsOf(types.submodule({ options: renderedUnitOptions() })),
          default: {},
          description: "User units as text, by full name (`foo.service`). The typed options above are rendered into this.",
        }),
      },
    },
  },
  config: ({ config, pkgs, options }) => {
    const user = config.systemd.user;
    const ctx = unitRenderContext(pkgs);
    const { units, invalid } = renderUnitSet(user, ctx, { optionsOf: (kind) => options.systemd.user[kind] });
    return {
      systemd: {
        user: {
          units: unitsByName(units),
          services: {
            // system.userActivationScripts (NixOS's nixos-activation.service): run as each user when their
            // manager starts, and restarted by every switch.
            "keel-activation": {
              description: "Run user-specific Keel activation",
              wantedBy: ["default.target"],
              unitConfig: { ConditionUser: "!@system" },
              serviceConfig: { Type: "oneshot" },
              script: userActivationScript(config, pkgs),
            },
          },
        },
      },
      assertions: invalid.map((message) => ({ assertion: false, message })),
    };
  },
});
