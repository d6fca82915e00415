import { defineModule, mkOption, types } from "../../src/modules/index.ts";
import { renderMount, renderPath, renderService, renderSocket, renderTarget, renderTimer, type UnitRenderContext } from "../../src/system/units/render-units.ts";
import type { RenderedUnit } from "../../src/system/units/unit-definition.ts";
import { checkUnitName, escapeSystemdPath, InvalidUnitNameError } from "../../src/system/units/unit-names.ts";
import { filesDefiningKey } from "../lib/definition-files.ts";
import { commonUnitOptions, mountOptions, pathOptions, renderedUnitOptions, serviceOptions, socketOptions, timerOptions } from "./unit-options.ts";

const unitsOf = (options: () => Record<string, unknown>, what: string) =>
  mkOption({
    type: types.attrsOf(types.submodule({ options: options() })),
    default: {},
    description: `Definitions of systemd ${what}, by name (without the type suffix).`,
  });

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
      mounts: mkOption({
        type: types.listOf(types.submodule({ options: mountOptions() })),
        default: [],
        description: "Mount units; each is named after its mount point (`where`).",
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
    const ctx: UnitRenderContext = {
      writeScript: (name, text) => pkgs.writeScript(name, text).outPath,
      writeText: (name, text) => pkgs.writeText(name, text).outPath,
      bash: pkgs.bash.bin("bash"),
      defaultPath: [pkgs.coreutils, pkgs.findutils, pkgs.grep, pkgs.sed, pkgs.systemd].map((p) => p.outPath),
    };
    const rendered: RenderedUnit[] = [];
    const invalid: { name: string; files: string[] }[] = [];
    const check = (unit: string, option: string, key: string) => {
      try {
        checkUnitName(unit);
        return true;
      } catch (error) {
        if (!(error instanceof InvalidUnitNameError)) throw error;
        invalid.push({ name: unit, files: filesDefiningKey(options.systemd[option], key) });
        return false;
      }
    };
    for (const [name, def] of Object.entries(systemd.services)) {
      if (check(`${name}.service`, "services", name)) {
        rendered.push(renderService(name, { ...def, environment: { ...systemd.globalEnvironment, ...def.environment } } as never, ctx));
      }
    }
    for (const [name, def] of Object.entries(systemd.sockets)) if (check(`${name}.socket`, "sockets", name)) rendered.push(renderSocket(name, def as never, ctx));
    for (const [name, def] of Object.entries(systemd.timers)) if (check(`${name}.timer`, "timers", name)) rendered.push(renderTimer(name, def as never, ctx));
    for (const [name, def] of Object.entries(systemd.targets)) if (check(`${name}.target`, "targets", name)) rendered.push(renderTarget(name, def as never, ctx));
    for (const [name, def] of Object.entries(systemd.paths)) if (check(`${name}.path`, "paths", name)) rendered.push(renderPath(name, def as never, ctx));
    for (const def of systemd.mounts) rendered.push(renderMount(`${escapeSystemdPath(def.where)}.mount`, def as never, ctx));

    const units: Record<string, Omit<RenderedUnit, "name">> = {};
    for (const u of rendered) {
      units[u.name] = { text: u.text, wantedBy: u.wantedBy, requiredBy: u.requiredBy, upheldBy: u.upheldBy, aliases: u.aliases, overrideStrategy: u.overrideStrategy };
    }
    return {
      systemd: { units },
      assertions: invalid.map((i) => ({
        assertion: false,
        message: `\`${i.name}' is not a valid systemd unit name (defined in ${i.files.map((f) => `\`${f}'`).join(" and ")}): use ASCII letters, digits and ":-_.\\", and one "@" for a template.`,
      })),
    };
  },
});
