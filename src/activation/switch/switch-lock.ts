import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { KeelError } from "../../errors.ts";
import { WORK_DIR } from "./work-lists.ts";

export class SwitchLockedError extends KeelError {
  readonly code = "switch-locked";
  constructor(
    readonly lockFile: string,
    readonly holder: number,
  ) {
    super(
      `Could not acquire lock ${lockFile}: another switch (pid ${holder}) is running on this machine. ` +
        "Wait for it to finish; two switches must never interleave their stops and starts.",
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * An exclusive, non-blocking lock for the whole switch. Node has no flock(2), so the lock is a
 * file created with O_EXCL holding the owner's pid; a lock whose owner is dead (kill -9) is stale
 * and taken over, which is what flock's release-on-exit gives NixOS. /run is per boot, so a pid
 * cannot outlive the lock's meaning. Known window: two switches that both find the same stale lock
 * at the same instant can both take it; `rebuild` also runs the switch as one fixed transient unit,
 * which systemd itself never starts twice.
 */
export function acquireSwitchLock(root: string): () => void {
  const dir = join(root, WORK_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const file = join(dir, "switch-to-configuration.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (Number(readFileSync(file, "utf8").trim()) === process.pid) rmSync(file, { force: true });
        } catch {}
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(file, "utf8").trim());
      } catch {}
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) throw new SwitchLockedError(file, holder);
      // Stale (owner dead, or a half-written file of a killed owner): take it over.
      rmSync(file, { force: true });
    }
  }
  throw new SwitchLockedError(file, -1);
}
