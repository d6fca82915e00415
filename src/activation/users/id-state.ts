import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../../atomic-files.ts";
import { join } from "node:path";

/**
 * Keel's memory of accounts across generations (NixOS keeps the same in /var/lib/nixos): every
 * id ever given to a name, so a user removed and declared again gets its old uid back and files it
 * owned stay its own; and the names declared last time, so only those are removed when dropped.
 */
export interface IdState {
  uidMap: Record<string, number>;
  gidMap: Record<string, number>;
  declarativeUsers: string[];
  declarativeGroups: string[];
}

export function stateDirectory(root: string): string {
  return join(root, "var/lib/keel");
}

function readJson(path: string): Record<string, number> {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, number>) : {};
}

function readNames(path: string): string[] {
  return existsSync(path) ? readFileSync(path, "utf8").split(/\s+/).filter(Boolean) : [];
}

export function readIdState(root: string): IdState {
  const dir = stateDirectory(root);
  return {
    uidMap: readJson(join(dir, "uid-map")),
    gidMap: readJson(join(dir, "gid-map")),
    declarativeUsers: readNames(join(dir, "declarative-users")),
    declarativeGroups: readNames(join(dir, "declarative-groups")),
  };
}

function sortedJson(map: Record<string, number>): string {
  const sorted: Record<string, number> = {};
  for (const key of Object.keys(map).sort()) sorted[key] = map[key]!;
  return `${JSON.stringify(sorted, null, 2)}\n`;
}


export function writeIdState(root: string, state: IdState): void {
  const dir = stateDirectory(root);
  writeFileAtomic(join(dir, "uid-map"), sortedJson(state.uidMap));
  writeFileAtomic(join(dir, "gid-map"), sortedJson(state.gidMap));
  writeFileAtomic(join(dir, "declarative-users"), [...state.declarativeUsers].sort().join(" "));
  writeFileAtomic(join(dir, "declarative-groups"), [...state.declarativeGroups].sort().join(" "));
}

/** The first id from `start` towards `end` (either direction) that nobody uses or used. */
export function allocateId(used: Set<number>, start: number, end: number): number | undefined {
  const step = end >= start ? 1 : -1;
  for (let id = start; step > 0 ? id <= end : id >= end; id += step) if (!used.has(id)) return id;
  return undefined;
}

export const idRanges = {
  system: { start: 999, end: 400 },
  normal: { start: 1000, end: 29999 },
} as const;
