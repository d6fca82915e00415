import { defineModule, mkOption, types } from "../../src/modules/index.ts";
import { renderAutomount, renderMount } from "../../src/system/units/render-units.ts";
import { escapeSystemdPath } from "../../src/system/units/unit-names.ts";
import { renderUnitSet, unitRenderContext, unitsByName, unitsOf } from "./render-unit-set.ts";
import {
  automountOptions,
  commonUnitOptions,
  mountOptions,
  pathOptions,
  renderedUnitOptions,
  serviceOptions,
  sliceOptions,
  socketOptions,
  timerOptions,
} from "./unit-options.ts";

/**
 * systemd units from typed options (reference §8): `systemd.services` etc. are rendered to text
 * in `systemd.units`, which the toplevel installs as /etc/systemd/system.
 */
export default defineModule({
  options: {
    systemd: {
      services: unitsOf(serviceOptions, "service units"),
      sockets: unitsOf(socketOptions, "socket units"),
      timers: unitsOf(timerOptions, "timer units"),
      targets: unitsOf(commonUnitOptions, "target units"),
      paths: unitsOf(pathOptions, "path units"),
      slices: unitsOf(sliceOptions, "slice units"),
      mounts: mkOption({
        type: types.listOf(types.submodule({ options: mountOptions() })),
        default: [],
        description: "Mount units; each is named after its mount point (`where`).",
      }),
      automounts: mkOption({
        type: types.listOf(types.submodule({ options: automountOptions() })),
        default: [],
        description: "Automount units; each is named after its mount point (`where`) and needs a mount unit (or fileSystems entry) for it.",
      }),
      units: mkOption({
        type: types.attrsOf(types.submodule({ options: renderedUnitOptions() })),
        default: {},
        description: "Units as text, by full name (`foo.service`). The typed options above are rendered into this.",
      }),
      defaultUnit: mkOption({
        type: types.str,
        default: "multi-user.target",
        description: "The unit the system boots into (`default.target`).",
      }),
      globalEnvironment: mkOption({
        type: types.attrsOf(types.nullOr(types.oneOf([types.str, types.path, types.package]))),
        default: {},
        description: "Environment variables every service defined here gets.",
      }),
    },
  },
  config: ({ config, pkgs, options }) => {
    const systemd = config.systemd;
    const ctx = unitRenderContext(pkgs);
    const { units, invalid } = renderUnitSet(systemd, ctx, {
      optionsOf: (kind) => options.systemd[kind],
      environment: systemd.globalEnvironment,
    });
    for (const def of systemd.mounts) units.push(renderMount(`${escapeSystemdPath(def.where)}.mount`, def as never, ctx));
    for (const def of systemd.automounts) units.push(renderAutomount(`${escapeSystemdPath(def.where)}.automount`, def as never, ctx));
    return {
      systemd: { units: unitsByName(units) },
      assertions: invalid.map((message) => ({ assertion: false, message })),
    };
  },
});
