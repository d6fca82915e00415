/** The actions of `bin/switch-to-configuration` (reference §3.1). */
export type SwitchAction = "switch" | "test" | "boot" | "dry-activate" | "check";

/** `check` only runs the pre-switch checks (reference §3.1); rebuild uses it before recording a generation. */
export const SWITCH_ACTIONS: readonly SwitchAction[] = ["switch", "test", "boot", "dry-activate", "check"];

/** A unit systemd reports as loaded, from ListUnits. */
export interface ActiveUnit {
  name: string;
  activeState: string;
  subState: string;
}

/** The three lists an interrupted switch must still finish (persisted under /run/keel). */
export interface WorkLists {
  start: string[];
  restart: string[];
  reload: string[];
}

/** Why one unit is in the plan: the decision made from comparing its old and new files. */
export interface UnitDecision {
  unit: string;
  decision: "removed" | "target" | "reload" | "restart" | "stop-start" | "skip" | "resumed" | "fstab";
}

export interface EtcChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface AccountChanges {
  addedUsers: string[];
  removedUsers: string[];
  addedGroups: string[];
  removedGroups: string[];
}

/**
 * Everything a switch will do, computed before it does any of it. `dry-activate` prints this;
 * `switch` applies exactly this, so the two cannot disagree.
 */
export interface SwitchPlan {
  version: 1;
  action: SwitchAction;
  toplevel: string;
  /** The generation running now (resolved /run/current-system), if any. */
  current: string | null;
  units: {
    stop: string[];
    /** Changed units the configuration says not to restart (X-RestartIfChanged=false, ...). */
    skip: string[];
    reload: string[];
    restart: string[];
    start: string[];
    /** Targets that are only re-started to pull in new units: applied, not listed to people. */
    hidden: string[];
    decisions: UnitDecision[];
  };
  /** Swap devices in the old fstab that are gone from the new one (swapoff'd directly). */
  swapOff: string[];
  etc: EtcChanges;
  accounts: AccountChanges;
  /** Kernel, initrd or kernel parameters differ from the booted generation's. */
  reboot: { required: boolean; reasons: string[] };
  /** PID 1 must re-execute: the new generation has another systemd binary or system.conf. */
  reexecSystemd: boolean;
  /** The new `init` speaks another interface: a live switch is refused, only a reboot applies it. */
  initInterfaceChanged: boolean;
}
