import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { listGenerations, profilesDir } from "../store/index.ts";
import { BrokenGenerationError, NoGenerationsError } from "./errors.ts";

/** One generation of the system profile, as the boot loader sees it. */
export interface SystemGeneration {
  number: number;
  /** `<stateDir>/profiles/system-N-link`. */
  link: string;
  /** The resolved toplevel store path. */
  toplevel: string;
  /** When the generation was made (the link's time, as Nix's profiles read it). */
  time: Date;
  /** Whether the profile points at it: the configuration to boot by default. */
  current: boolean;
}

/** The system profile's path under a state directory. */
export function systemProfile(stateDir: string): string {
  return join(profilesDir(stateDir), "system");
}

/**
 * Every generation of `<stateDir>/profiles/system`, oldest first. A link that no longer resolves
 * (its toplevel was deleted by hand) is an error naming it: booting into it would fail.
 */
export function readSystemGenerations(stateDir: string): SystemGeneration[] {
  const profile = systemProfile(stateDir);
  const gens = listGenerations(profilesDir(stateDir)).filter((g) => g.profile === profile);
  if (gens.length === 0) throw new NoGenerationsError(profile);
  return gens
    .map((g) => {
      let toplevel: string;
      try {
        toplevel = realpathSync(g.link);
      } catch {
        throw new BrokenGenerationError(g.link, "the link's target does not exist");
      }
      if (!existsSync(join(toplevel, "boot.json")) && !existsSync(join(toplevel, "kernel"))) {
        throw new BrokenGenerationError(g.link, `${toplevel} has neither boot.json nor kernel: it is not a bootable toplevel`);
      }
      return { number: g.number, link: g.link, toplevel, time: g.time, current: g.current };
    })
    .sort((a, b) => a.number - b.number);
}

/**
 * The generations that get entries: the newest `limit` (all when null), plus the current one even
 * when it is older (after a rollback it must stay bootable; NixOS drops it, which leaves the
 * machine without an entry for the configuration it is set to boot).
 */
export function keptGenerations(gens: SystemGeneration[], limit: number | null): SystemGeneration[] {
  const newest = limit === null ? gens : gens.slice(-limit);
  const current = gens.find((g) => g.current);
  if (current && !newest.includes(current)) return [current, ...newest];
  return newest;
}
