import type {
  AutomountDefinition,
  CommonUnitDefinition,
  MountDefinition,
  PathDefinition,
  RenderedUnit,
  ServiceDefinition,
  SliceDefinition,
  SocketDefinition,
  TargetDefinition,
  TimerDefinition,
} from "./unit-definition.ts";
import { scriptNameFor } from "./unit-names.ts";
import { quoteEnvironment, renderSectionLines, renderUnitText, type UnitSection } from "./unit-text.ts";

/** What rendering needs from the store: files for scripts and trigger lists, and the shell. */
export interface UnitRenderContext {
  /** Writes an executable store file and returns its path. */
  writeScript(name: string, text: string): string;
  /** Writes a store text file and returns its path. */
  writeText(name: string, text: string): string;
  /** Absolute path of bash, for `#!` lines of generated scripts. */
  bash: string;
  /** Package paths every service's PATH gets, after its own `path` (NixOS adds coreutils, findutils, grep, sed, systemd). */
  defaultPath: string[];
}

const joinedUnitKeys: [keyof CommonUnitDefinition, string][] = [
  ["requires", "Requires"],
  ["wants", "Wants"],
  ["upholds", "Upholds"],
  ["after", "After"],
  ["before", "Before"],
  ["bindsTo", "BindsTo"],
  ["partOf", "PartOf"],
  ["conflicts", "Conflicts"],
  ["requisite", "Requisite"],
  ["onFailure", "OnFailure"],
  ["onSuccess", "OnSuccess"],
  ["documentation", "Documentation"],
];

/** The `[Unit]` section shared by every unit type (NixOS's `commonUnitOptions` → unitConfig). */
function unitSection(name: string, def: CommonUnitDefinition, ctx: UnitRenderContext): UnitSection {
  const section: UnitSection = {};
  for (const [option, key] of joinedUnitKeys) {
    const list = def[option] as string[];
    if (list.length > 0) section[key] = list.join(" ");
  }
  if (def.description) section.Description = def.description;
  if (def.startLimitIntervalSec != null) section.StartLimitIntervalSec = def.startLimitIntervalSec;
  if (def.startLimitBurst != null) section.StartLimitBurst = def.startLimitBurst;
  // A trigger list is written to its own file so any change to a trigger changes the unit text,
  // which is what makes switch restart (or reload) the unit.
  if (def.restartTriggers.length > 0) {
    section["X-Restart-Triggers"] = ctx.writeText(`X-Restart-Triggers-${name}`, flattenTriggers(def.restartTriggers));
  }
  if (def.reloadTriggers.length > 0) {
    section["X-Reload-Triggers"] = ctx.writeText(`X-Reload-Triggers-${name}`, flattenTriggers(def.reloadTriggers));
  }
  return { ...section, ...def.unitConfig };
}

function flattenTriggers(triggers: unknown[]): string {
  return triggers
    .flat(Number.POSITIVE_INFINITY)
    .map((t) => String(t))
    .join(" ");
}

function rendered(name: string, def: CommonUnitDefinition, text: string): RenderedUnit {
  return {
    name,
    text: def.enable ? text : null,
    wantedBy: def.wantedBy,
    requiredBy: def.requiredBy,
    upheldBy: def.upheldBy,
    aliases: def.aliases,
    overrideStrategy: def.overrideStrategy,
  };
}

function installLines(def: CommonUnitDefinition): [string, string[]] {
  // Informational only: Keel links wantedBy itself and never runs `systemctl enable`.
  return ["Install", def.wantedBy.length > 0 ? [`WantedBy=${def.wantedBy.join(" ")}`] : []];
}

function makeScript(ctx: UnitRenderContext, unit: string, suffix: string, body: string): string {
  return ctx.writeScript(scriptNameFor(unit, suffix), `#!${ctx.bash}\nset -e\n${body}\n`);
}

/** PATH for a service: each package's bin and sbin directories, Debian's split /usr included. */
export function servicePath(packages: unknown[]): string {
  const dirs: string[] = [];
  for (const p of packages) {
    const root = String(p);
    for (const sub of ["bin", "sbin", "usr/bin", "usr/sbin"]) dirs.push(`${root}/${sub}`);
  }
  return dirs.join(":");
}

export function renderService(name: string, def: ServiceDefinition, ctx: UnitRenderContext): RenderedUnit {
  const unit = `${name}.service`;
  const service: string[] = [];
  const environment: Record<string, string | null> = {
    ...def.environment,
    PATH: servicePath([...def.path, ...ctx.defaultPath]),
  };
  for (const key of Object.keys(environment).sort()) {
    const value = environment[key];
    if (value !== null && value !== undefined) service.push(`Environment=${quoteEnvironment(key, value)}`);
  }
  if (def.reloadIfChanged) service.push("X-ReloadIfChanged=true");
  else if (!def.restartIfChanged) service.push("X-RestartIfChanged=false");
  if (!def.stopIfChanged) service.push("X-StopIfChanged=false");
  if (def.notSocketActivated) service.push("X-NotSocketActivated=true");

  const config: UnitSection = { ...def.serviceConfig };
  const addExec = (key: string, suffix: string, body: string, args = "") => {
    if (!body.trim()) return;
    const exe = makeScript(ctx, unit, suffix, body);
    const existing = config[key];
    const lines = existing === undefined || existing === null ? [] : Array.isArray(existing) ? existing : [existing];
    config[key] = [...(lines as string[]), args ? `${exe} ${args}` : exe];
  };
  addExec("ExecStartPre", "pre-start", def.preStart);
  addExec("ExecStart", "start", def.script, def.scriptArgs);
  addExec("ExecStartPost", "post-start", def.postStart);
  addExec("ExecReload", "reload", def.reload);
  addExec("ExecStop", "pre-stop", def.preStop);
  addExec("ExecStopPost", "post-stop", def.postStop);
  service.push(...renderSectionLines(unit, config));

  const text = renderUnitText(unit, [
    ["Unit", renderSectionLines(unit, unitSection(unit, def, ctx))],
    ["Service", service],
    installLines(def),
  ]);
  return rendered(unit, def, text);
}

export function renderSocket(name: string, def: SocketDefinition, ctx: UnitRenderContext): RenderedUnit {
  const unit = `${name}.socket`;
  const socket = [
    ...def.listenStreams.map((s) => `ListenStream=${s}`),
    ...def.listenDatagrams.map((s) => `ListenDatagram=${s}`),
    ...renderSectionLines(unit, def.socketConfig),
  ];
  const text = renderUnitText(unit, [
    ["Unit", renderSectionLines(unit, unitSection(unit, def, ctx))],
    ["Socket", socket],
    installLines(def),
  ]);
  return rendered(unit, def, text);
}

export function renderTimer(name: string, def: TimerDefinition, ctx: UnitRenderContext): RenderedUnit {
  return renderWithSection(`${name}.timer`, def, ctx, "Timer", def.timerConfig);
}

export function renderPath(name: string, def: PathDefinition, ctx: UnitRenderContext): RenderedUnit {
  return renderWithSection(`${name}.path`, def, ctx, "Path", def.pathConfig);
}

export function renderSlice(name: string, def: SliceDefinition, ctx: UnitRenderContext): RenderedUnit {
  return renderWithSection(`${name}.slice`, def, ctx, "Slice", def.sliceConfig);
}

/** An automount unit, named after its mount point as systemd requires (`where`). */
export function renderAutomount(unitName: string, def: AutomountDefinition, ctx: UnitRenderContext): RenderedUnit {
  return renderWithSection(unitName, def, ctx, "Automount", { Where: def.where, ...def.automountConfig });
}

/** [Unit], the unit type's own section, [Install]: the shape of every unit type but services and sockets. */
function renderWithSection(unit: string, def: CommonUnitDefinition, ctx: UnitRenderContext, name: string, section: UnitSection): RenderedUnit {
  const text = renderUnitText(unit, [["Unit", renderSectionLines(unit, unitSection(unit, def, ctx))], [name, renderSectionLines(unit, section)], installLines(def)]);
  return rendered(unit, def, text);
}

export function renderTarget(name: string, def: TargetDefinition, ctx: UnitRenderContext): RenderedUnit {
  const unit = `${name}.target`;
  const text = renderUnitText(unit, [["Unit", renderSectionLines(unit, unitSection(unit, def, ctx))], installLines(def)]);
  return rendered(unit, def, text);
}

export function renderMount(unitName: string, def: MountDefinition, ctx: UnitRenderContext): RenderedUnit {
  const mount: UnitSection = { What: def.what, Where: def.where, ...def.mountConfig };
  if (def.type) mount.Type = def.type;
  if (def.options) mount.Options = def.options;
  return renderWithSection(unitName, def, ctx, "Mount", mount);
}
