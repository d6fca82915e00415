import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { WorkLists } from "./switch-plan.ts";

/**
 * Where a switch keeps the units it still has to start, restart or reload. The switch may stop
 * or restart the very SSH session (or terminal) that runs it, and a crash or kill can land between
 * stopping a service and starting it again; the next switch reads these lists and finishes the
 * job (reference §3.7). /run is a tmpfs: a reboot starts everything anyway.
 */
export const WORK_DIR = "run/keel";

const LISTS = ["start", "restart", "reload"] as const;
export type ListName = (typeof LISTS)[number];

function listPath(root: string, name: ListName): string {
  return join(root, WORK_DIR, `${name}-list`);
}

export function readWorkLists(root: string): WorkLists {
  const read = (name: ListName) => {
    try {
      return readFileSync(listPath(root, name), "utf8").split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  return { start: read("start"), restart: read("restart"), reload: read("reload") };
}

/** Replaces one list atomically (temp + fsync + rename): a kill leaves the old list or the new. */
export function writeWorkList(root: string, name: ListName, units: Iterable<string>): void {
  mkdirSync(join(root, WORK_DIR), { recursive: true, mode: 0o755 });
  const path = listPath(root, name);
  const list = [...new Set(units)];
  if (list.length === 0) {
    rmSync(path, { force: true });
    return;
  }
  const temp = `${path}.tmp`;
  const fd = openSync(temp, "w", 0o644);
  try {
    writeSync(fd, `${list.join("\n")}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

export function clearWorkList(root: string, name: ListName): void {
  rmSync(listPath(root, name), { force: true });
}
