import { mkOption, types } from "../../src/modules/index.ts";
import type { PackageSet } from "../../src/packages/index.ts";
import { renderPath, renderService, renderSlice, renderSocket, renderTarget, renderTimer, type UnitRenderContext } from "../../src/system/units/render-units.ts";
import type { RenderedUnit } from "../../src/system/units/unit-definition.ts";
import { checkUnitName, InvalidUnitNameError } from "../../src/system/units/unit-names.ts";
import { filesDefiningKey } from "../lib/definition-files.ts";

/** `systemd.<kind>` (or `systemd.user.<kind>`): units of one type, by name without the suffix. */
export const unitsOf = (options: () => Record<string, unknown>, what: string) =>
  mkOption({
    type: types.attrsOf(types.submodule({ options: options() })),
    default: {},
    description: `Definitions of systemd ${what}, by name (without the type suffix).`,
  });

/** How units are rendered from this configuration: scripts and trigger lists go to the store. */
export function unitRenderContext(pkgs: PackageSet): UnitRenderContext {
  return {
    writeScript: (name, text) => pkgs.writeScript(name, text).outPath,
    writeText: (name, text) => pkgs.writeText(name, text).outPath,
    bash: pkgs.bash.bin("bash"),
    defaultPath: [pkgs.coreutils, pkgs.findutils, pkgs.grep, pkgs.sed, pkgs.systemd].map((p) => p.outPath),
  };
}

/** The typed unit options shared by system and user scope, after evaluation. */
export interface UnitSet {
  services: Record<string, unknown>;
  sockets: Record<string, unknown>;
  timers: Record<string, unknown>;
  targets: Record<string, unknown>;
  paths: Record<string, unknown>;
  slices: Record<string, unknown>;
}

/**
 * Renders services, sockets, timers, targets, paths and slices to unit text (reference §8.2). Invalid
 * names are collected (with the files defining them) rather than thrown, so the evaluation
 * reports them all as assertions.
 */
export function renderUnitSet(
  set: UnitSet,
  ctx: UnitRenderContext,
  opts: { optionsOf: (kind: keyof UnitSet) => unknown; environment?: Record<string, unknown> },
): { units: RenderedUnit[]; invalid: string[] } {
  const units: RenderedUnit[] = [];
  const invalid: string[] = [];
  const valid = (unit: string, kind: keyof UnitSet, key: string) => {
    try {
      checkUnitName(unit);
      return true;
    } catch (error) {
      if (!(error instanceof InvalidUnitNameError)) throw error;
      const files = filesDefiningKey(opts.optionsOf(kind), key);
      invalid.push(
        `\`${unit}' is not a valid systemd unit name (defined in ${files.map((f) => `\`${f}'`).join(" and ")}): use ASCII letters, digits and ":-_.\\", and one "@" for a template.`,
      );
      return false;
    }
  };
  for (const [name, def] of Object.entries(set.services)) {
    const withEnv = { ...(def as object), environment: { ...opts.environment, ...(def as { environment: object }).environment } };
    if (valid(`${name}.service`, "services", name)) units.push(renderService(name, withEnv as never, ctx));
  }
  for (const [name, def] of Object.entries(set.sockets)) if (valid(`${name}.socket`, "sockets", name)) units.push(renderSocket(name, def as never, ctx));
  for (const [name, def] of Object.entries(set.timers)) if (valid(`${name}.timer`, "timers", name)) units.push(renderTimer(name, def as never, ctx));
  for (const [name, def] of Object.entries(set.targets)) if (valid(`${name}.target`, "targets", name)) units.push(renderTarget(name, def as never, ctx));
  for (const [name, def] of Object.entries(set.paths)) if (valid(`${name}.path`, "paths", name)) units.push(renderPath(name, def as never, ctx));
  for (const [name, def] of Object.entries(set.slices)) if (valid(`${name}.slice`, "slices", name)) units.push(renderSlice(name, def as never, ctx));
  return { units, invalid };
}

/** `systemd.units` / `systemd.user.units` entries from rendered units. */
export function unitsByName(rendered: RenderedUnit[]): Record<string, Omit<RenderedUnit, "name">> {
  const units: Record<string, Omit<RenderedUnit, "name">> = {};
  for (const u of rendered) {
    units[u.name] = { text: u.text, wantedBy: u.wantedBy, requiredBy: u.requiredBy, upheldBy: u.upheldBy, aliases: u.aliases, overrideStrategy: u.overrideStrategy };
  }
  return units;
}
