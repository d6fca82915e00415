import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { KeelError } from "../../errors.ts";
import { symlinkAtomic } from "../../atomic-files.ts";

export class GenerationNotFoundError extends KeelError {
  readonly code = "generation-not-found";
  constructor(profile: string, what: string) {
    super(`${profile}: ${what}. List the generations with \`rebuild list-generations\`.`);
  }
}

export class CurrentGenerationError extends KeelError {
  readonly code = "delete-current-generation";
  constructor(profile: string, n: number) {
    super(`${profile}: generation ${n} is the current one and cannot be deleted. Switch to another generation first.`);
  }
}

/** One `system-N-link`. */
export interface ProfileGeneration {
  number: number;
  link: string;
  /** The toplevel it points at (resolved); null if the link dangles. */
  toplevel: string | null;
  /** When the generation was made: the link's own time, as Nix reads it. */
  time: Date;
  current: boolean;
}

/** `<stateDir>/profiles/system`, the link to the generation the machine boots by default. */
export function systemProfilePath(stateDir: string): string {
  return join(stateDir, "profiles", "system");
}

function currentLinkName(profile: string): string | undefined {
  try {
    return basename(readlinkSync(profile));
  } catch {
    return undefined;
  }
}

/** The profile's generations, oldest first. */
export function readGenerations(profile: string): ProfileGeneration[] {
  const dir = join(profile, "..");
  const name = basename(profile);
  const current = currentLinkName(profile);
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d+)-link$`);
  const out: ProfileGeneration[] = [];
  for (const entry of entries) {
    const m = pattern.exec(entry);
    if (!m) continue;
    const link = join(dir, entry);
    const st = lstatSync(link, { throwIfNoEntry: false });
    if (!st?.isSymbolicLink()) continue;
    let toplevel: string | null = null;
    try {
      toplevel = realpathSync(link);
    } catch {}
    out.push({ number: Number(m[1]), link, toplevel, time: st.mtime, current: entry === current });
  }
  return out.sort((a, b) => a.number - b.number);
}

function pointProfileAt(profile: string, generation: ProfileGeneration | { number: number; link: string }): void {
  // Relative, as Nix makes it: the profiles directory can be mounted elsewhere (--root).
  symlinkAtomic(basename(generation.link), profile);
}

/**
 * Makes `toplevel` the profile's newest generation (nix-env --set): N = highest + 1, the link
 * made first, then the profile flipped in one rename. A toplevel that is already the current
 * generation makes no new one (Nix does the same).
 */
export function addGeneration(profile: string, toplevel: string): ProfileGeneration {
  const gens = readGenerations(profile);
  const resolved = realpathSync(toplevel);
  const current = gens.find((g) => g.current);
  if (current && current.toplevel === resolved) return current;
  const number = (gens[gens.length - 1]?.number ?? 0) + 1;
  const link = `${profile}-${number}-link`;
  mkdirSync(dirname(profile), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(resolved, link);
  pointProfileAt(profile, { number, link });
  return readGenerations(profile).find((g) => g.number === number)!;
}

/** nix-env --rollback: the highest generation below the current one. */
export function rollbackGeneration(profile: string): ProfileGeneration {
  const gens = readGenerations(profile);
  const current = gens.find((g) => g.current);
  const previous = gens.filter((g) => current === undefined || g.number < current.number).pop();
  if (!previous) throw new GenerationNotFoundError(profile, `no generation older than the current one (${current?.number ?? "none"}) to roll back to`);
  pointProfileAt(profile, previous);
  return { ...previous, current: true };
}

export function switchGeneration(profile: string, number: number): ProfileGeneration {
  const target = readGenerations(profile).find((g) => g.number === number);
  if (!target) throw new GenerationNotFoundError(profile, `generation ${number} does not exist`);
  if (!target.toplevel) throw new GenerationNotFoundError(profile, `generation ${number} points at a path that no longer exists`);
  pointProfileAt(profile, target);
  return { ...target, current: true };
}

/** The newest generation that is not the current one (`--rollback` for `test`: the profile stays). */
export function previousGeneration(profile: string): ProfileGeneration {
  const gens = readGenerations(profile);
  const current = gens.find((g) => g.current);
  const previous = gens.filter((g) => current === undefined || g.number < current.number).pop();
  if (!previous) throw new GenerationNotFoundError(profile, "no generation older than the current one");
  return previous;
}

/**
 * Which generations a `delete-generations` selector names (Nix's syntax): `old` (all but the
 * current), numbers `3 4`, ranges `3..5` / `3..`, `+N` (all but the newest N), `30d` (older than
 * 30 days, keeping the newest of those that was current at the cutoff, as Nix does).
 */
export function selectGenerations(gens: ProfileGeneration[], selectors: string[], now = new Date()): ProfileGeneration[] {
  const chosen = new Set<number>();
  for (const sel of selectors) {
    let m: RegExpExecArray | null;
    if (sel === "old") for (const g of gens) chosen.add(g.number);
    else if ((m = /^(\d+)\.\.(\d*)$/.exec(sel))) {
      const lo = Number(m[1]);
      const hi = m[2] ? Number(m[2]) : Number.POSITIVE_INFINITY;
      for (const g of gens) if (g.number >= lo && g.number <= hi) chosen.add(g.number);
    } else if ((m = /^\+(\d+)$/.exec(sel))) {
      const keep = Number(m[1]);
      for (const g of gens.slice(0, Math.max(0, gens.length - keep))) chosen.add(g.number);
    } else if ((m = /^(\d+)d$/.exec(sel))) {
      const cutoff = now.getTime() - Number(m[1]) * 86_400_000;
      const older = gens.filter((g) => g.time.getTime() < cutoff);
      // The newest one older than the cutoff was still in use at the cutoff: keep it.
      for (const g of older.slice(0, -1)) chosen.add(g.number);
    } else if (/^\d+$/.test(sel)) chosen.add(Number(sel));
    else throw new GenerationSelectorError(sel);
  }
  return gens.filter((g) => chosen.has(g.number));
}

export class GenerationSelectorError extends KeelError {
  readonly code = "generation-selector";
  constructor(readonly selector: string) {
    super(`"${selector}" does not name generations. Use old, a number (3), a range (3..5 or 3..), +N (keep the newest N) or an age (30d).`);
  }
}

/** Deletes the selected generations' links; the current one is refused when named, skipped by `old`/ages. */
export function deleteGenerations(profile: string, selectors: string[], opts: { dryRun?: boolean; now?: Date } = {}): ProfileGeneration[] {
  const gens = readGenerations(profile);
  const selected = selectGenerations(gens, selectors, opts.now);
  const explicit = new Set(selectors.filter((s) => /^\d+$/.test(s)).map(Number));
  const current = selected.find((g) => g.current);
  if (current && explicit.has(current.number)) throw new CurrentGenerationError(profile, current.number);
  const doomed = selected.filter((g) => !g.current);
  if (!opts.dryRun) for (const g of doomed) rmSync(g.link, { force: true });
  return doomed;
}

/** What `list-generations` shows of one generation (nixos-rebuild's columns). */
export interface GenerationInfo {
  generation: number;
  date: string;
  keelVersion: string;
  kernelVersion: string;
  specialisations: string[];
  current: boolean;
  toplevel: string | null;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return fallback;
  }
}

function formatDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Newest first, unreadable values shown as `Unknown` (as nixos-rebuild does). */
export function describeGenerations(profile: string): GenerationInfo[] {
  return readGenerations(profile)
    .reverse()
    .map((g) => {
      const top = g.toplevel;
      const list = (dir: string) => {
        try {
          return readdirSync(dir).sort();
        } catch {
          return [];
        }
      };
      return {
        generation: g.number,
        date: formatDate(g.time),
        keelVersion: top ? readOr(join(top, "keel-version"), "Unknown") : "Unknown",
        kernelVersion: (top && list(join(top, "kernel-modules/lib/modules"))[0]) || "Unknown",
        specialisations: top && existsSync(join(top, "specialisation")) ? list(join(top, "specialisation")) : [],
        current: g.current,
        toplevel: top,
      };
    });
}
