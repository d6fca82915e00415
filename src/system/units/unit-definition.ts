import type { UnitSection } from "./unit-text.ts";

/**
 * One unit as the systemd options describe it after evaluation (NixOS's option shapes). The
 * modules-library declares these options; the renderers below turn a definition into unit text.
 */
export interface CommonUnitDefinition {
  enable: boolean;
  description: string;
  documentation: string[];
  requires: string[];
  wants: string[];
  upholds: string[];
  after: string[];
  before: string[];
  bindsTo: string[];
  partOf: string[];
  conflicts: string[];
  requisite: string[];
  onFailure: string[];
  onSuccess: string[];
  startLimitIntervalSec?: number | null;
  startLimitBurst?: number | null;
  unitConfig: UnitSection;
  restartTriggers: unknown[];
  reloadTriggers: unknown[];
  wantedBy: string[];
  requiredBy: string[];
  upheldBy: string[];
  aliases: string[];
  overrideStrategy: "asDropinIfExists" | "asDropin";
}

export interface ServiceDefinition extends CommonUnitDefinition {
  environment: Record<string, string | null>;
  path: unknown[];
  serviceConfig: UnitSection;
  script: string;
  scriptArgs: string;
  preStart: string;
  postStart: string;
  reload: string;
  preStop: string;
  postStop: string;
  restartIfChanged: boolean;
  reloadIfChanged: boolean;
  stopIfChanged: boolean;
  notSocketActivated: boolean;
  startAt: string[];
}

export interface SocketDefinition extends CommonUnitDefinition {
  listenStreams: string[];
  listenDatagrams: string[];
  socketConfig: UnitSection;
}

export interface TimerDefinition extends CommonUnitDefinition {
  timerConfig: UnitSection;
}

export interface PathDefinition extends CommonUnitDefinition {
  pathConfig: UnitSection;
}

export interface SliceDefinition extends CommonUnitDefinition {
  sliceConfig: UnitSection;
}

export interface AutomountDefinition extends CommonUnitDefinition {
  where: string;
  automountConfig: UnitSection;
}

export interface MountDefinition extends CommonUnitDefinition {
  what: string;
  where: string;
  type: string;
  options: string;
  mountConfig: UnitSection;
}

export type TargetDefinition = CommonUnitDefinition;

/** A unit ready to be placed in the units directory. */
export interface RenderedUnit {
  /** Full name with type suffix, e.g. `sshd.service`. */
  name: string;
  /** The unit file's text, or null when the unit is masked (`enable = false` → /dev/null). */
  text: string | null;
  wantedBy: string[];
  requiredBy: string[];
  upheldBy: string[];
  aliases: string[];
  overrideStrategy: "asDropinIfExists" | "asDropin";
}
