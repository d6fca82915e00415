import { lstatSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { InvalidPeriodError } from "./errors.ts";

/** One `<profile>-<N>-link` beside its profile link. */
export interface Generation {
  readonly profile: string;
  readonly number: number;
  readonly link: string;
  /** mtime of the link, as Nix's profiles.cc reads it. */
  readonly time: Date;
  readonly current: boolean;
}

/** Every generation of every profile under `dir` (recursively; profiles are links with `<name>-<N>-link` siblings). */
export function listGenerations(dir: string): Generation[] {
  const out: Generation[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  const nameSet = new Set(names);
  for (const name of names.sort()) {
    const p = join(dir, name);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) out.push(...listGenerations(p));
    const m = /^(.+)-(\d+)-link$/.exec(name);
    if (!m || !st?.isSymbolicLink() || !nameSet.has(m[1]!)) continue;
    const profile = join(dir, m[1]!);
    let current = false;
    try {
      current = basename(readlinkSync(profile)) === name;
    } catch {}
    out.push({ profile, number: Number(m[2]), link: p, time: st.mtime, current });
  }
  return out;
}

/** Reads `--delete-older-than`: Nix accepts only whole days (`30d`). */
export function parsePeriodDays(value: string): number {
  const m = /^(\d+)d$/.exec(value.trim());
  if (!m) throw new InvalidPeriodError(value);
  return Number(m[1]);
}

/**
 * Deletes generations older than `cutoff`, as `nix-collect-garbage --delete-older-than` does:
 * never the current one, and not the newest generation older than the cutoff either, because that
 * one was still current at the cutoff time (Nix's deleteGenerationsOlderThan). Returns the links
 * deleted (or that would be, with `dryRun`).
 */
export function deleteGenerationsOlderThan(dir: string, cutoff: Date, dryRun: boolean): string[] {
  const byProfile = new Map<string, Generation[]>();
  for (const g of listGenerations(dir)) byProfile.set(g.profile, [...(byProfile.get(g.profile) ?? []), g]);
  const deleted: string[] = [];
  for (const gens of byProfile.values()) {
    gens.sort((a, b) => b.number - a.number);
    let canDelete = false;
    for (const g of gens) {
      if (canDelete) {
        if (g.current || g.time >= cutoff) continue;
        if (!dryRun) rmSync(g.link, { force: true });
        deleted.push(g.link);
      } else if (g.time < cutoff) canDelete = true;
    }
  }
  return deleted.sort();
}
