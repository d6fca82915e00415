/**
 * Entry file names. An entry's id is `keel-generation-N[-specialisation-NAME]`; its file is
 * `<id>[+LEFT[-DONE]].conf`, where the suffix is systemd's boot counter (Boot Loader Specification,
 * "Boot counting"): systemd-boot renames the file on every attempt and systemd-bless-boot drops
 * the suffix once the boot is good. The id (what loader.conf and bootctl name) never changes.
 */
export const ENTRY_PREFIX = "keel-generation-";

/** Where kernels and initrds live on the ESP (relative), shared by all generations. */
export const KERNELS_DIR = "EFI/keel";

export interface EntryFileName {
  id: string;
  generation: number;
  specialisation?: string;
  /** Tries left, when the file carries a boot counter. */
  triesLeft?: number;
  /** Tries done (failed or in-progress attempts). */
  triesDone?: number;
}

export function entryId(generation: number, specialisation?: string): string {
  return `${ENTRY_PREFIX}${generation}${specialisation === undefined ? "" : `-specialisation-${specialisation}`}`;
}

export function entryFileName(id: string, counter?: { left: number; done?: number }): string {
  if (!counter) return `${id}.conf`;
  return `${id}+${counter.left}${counter.done ? `-${counter.done}` : ""}.conf`;
}

const ENTRY_FILE = /^(keel-generation-(\d+)(?:-specialisation-([^+]+?))?)(?:\+(\d+)(?:-(\d+))?)?\.conf$/i;

/** Reads one of our entry file names; anything else (other distributions' entries) is undefined. */
export function parseEntryFileName(name: string): EntryFileName | undefined {
  const m = ENTRY_FILE.exec(name);
  if (!m) return undefined;
  return {
    id: m[1]!,
    generation: Number(m[2]),
    ...(m[3] !== undefined ? { specialisation: m[3] } : {}),
    ...(m[4] !== undefined ? { triesLeft: Number(m[4]) } : {}),
    ...(m[5] !== undefined ? { triesDone: Number(m[5]) } : {}),
  };
}

/** Whether an entry's counter is used up: systemd-boot sorts it last and will not pick it by a glob default. */
export function isBad(name: EntryFileName): boolean {
  return name.triesLeft === 0;
}
