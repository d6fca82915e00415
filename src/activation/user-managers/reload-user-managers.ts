import { join } from "node:path";
import { activatorPath, loadChildProcess } from "../lazy-builtins.ts";
import type { SystemdBus } from "../systemd/systemd-bus.ts";
import { listLogindUsers } from "./logind-users.ts";

/** Set for the child: it refuses to act unless started by this very activator (reference §3.12). */
export const PARENT_MARKER = "__KEEL_SWITCH_TO_CONFIGURATION_PARENT_EXE";


/**
 * Reference §3.12: for every user logind knows, run this generation's activator as that user
 * (`activate --user-switch`) with nothing of our environment but XDG_RUNTIME_DIR: it re-executes
 * the user's manager (so it reads the new /etc/systemd/user) and restarts keel-activation.service.
 * Returns the users whose reload failed (the switch then exits 4).
 */
export async function reloadUserManagers(bus: SystemdBus, toplevel: string, log: (line: string) => void): Promise<string[]> {
  const failed: string[] = [];
  for (const user of await listLogindUsers(bus)) {
    log(`reloading user units for ${user.name}...`);
    const child = loadChildProcess().spawn(join(toplevel, "activate"), ["--user-switch"], {
      uid: user.uid,
      gid: user.gid,
      cwd: "/",
      env: { XDG_RUNTIME_DIR: user.runtimePath, [PARENT_MARKER]: activatorPath() },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const code = await new Promise<number>((resolve) => {
      child.once("error", (error) => {
        log(`cannot start the user activation for ${user.name}: ${error.message}`);
        resolve(1);
      });
      child.once("exit", (status) => resolve(status ?? 1));
    });
    if (code !== 0) {
      log(`Failed to reload user units for ${user.name} (exit ${code})`);
      failed.push(user.name);
    }
  }
  return failed;
}
