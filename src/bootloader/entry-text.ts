import { ENTRY_PREFIX, KERNELS_DIR } from "./entry-names.ts";
import type { LoaderOptions } from "./loader-options.ts";
import type { BootTarget } from "./read-bootspec.ts";

export const DISTRO_NAME = "Keel";

/**
 * Generations sort under `keel`; each specialisation under its own `keel-<name>` key, i.e. after
 * every plain generation. That order is what makes boot counting fall back correctly: the
 * `default` glob in loader.conf picks the first matching entry in menu order that still has
 * tries left, and that must be the previous generation, never a specialisation of the failed one.
 */
export function sortKeyOf(target: BootTarget, specialisation?: string): string {
  if (target.sortKey) return target.sortKey;
  return specialisation === undefined ? "keel" : `keel-${specialisation.toLowerCase()}`;
}

export interface EntryInput {
  generation: number;
  specialisation?: string;
  target: BootTarget;
  builtOn: Date;
  /** ESP-relative names of the copied kernel and initrd (under EFI/keel). */
  kernelFile: string;
  initrdFile?: string;
  /** Parameters this machine needs besides the configuration's (root=, rootfstype=...). */
  rootParams: string[];
  machineId?: string;
}

/** The kernel command line: the generation's init first, then its parameters, then the machine's. */
export function entryOptions(target: BootTarget, rootParams: string[]): string {
  return [`init=${target.init}`, ...target.kernelParams, ...rootParams].join(" ");
}

/** A Boot Loader Specification type #1 entry (`loader/entries/<id>.conf`). */
export function renderEntry(e: EntryInput): string {
  const date = e.builtOn.toISOString().slice(0, 10);
  const lines = [
    `title ${DISTRO_NAME}${e.specialisation === undefined ? "" : ` (${e.specialisation})`}`,
    `sort-key ${sortKeyOf(e.target, e.specialisation)}`,
    `version Generation ${e.generation} ${e.target.label}, built on ${date}`,
    `linux /${KERNELS_DIR}/${e.kernelFile}`,
    ...(e.initrdFile ? [`initrd /${KERNELS_DIR}/${e.initrdFile}`] : []),
    `options ${entryOptions(e.target, e.rootParams)}`,
    ...(e.machineId ? [`machine-id ${e.machineId}`] : []),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * `default` in loader.conf. When the profile's current generation is the newest one, a glob: with
 * boot counting systemd-boot skips entries whose tries are used up, so a generation that never
 * reached boot-complete.target falls back to the previous one. After a rollback (current older
 * than the newest) that one generation, since a glob would pick the newer generation the user
 * left. It is still a pattern: systemd-boot 252 matches `default` against the file name with its
 * counter (`keel-generation-4+2-1.conf`), and `[.+]` keeps `-10` and `-4-specialisation-x` out.
 */
export function defaultEntryPattern(current: number, newest: number): string {
  return current === newest ? `${ENTRY_PREFIX}*` : `${ENTRY_PREFIX}${current}[.+]*`;
}

export function renderLoaderConf(o: LoaderOptions, defaultPattern: string): string {
  const lines = [
    `timeout ${o.timeout === null ? "menu-force" : o.timeout}`,
    `default ${defaultPattern}`,
    `editor ${o.editor ? "yes" : "no"}`,
    `console-mode ${o.consoleMode}`,
  ];
  return `${lines.join("\n")}\n`;
}
