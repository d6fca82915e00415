import { setTimeout as sleep } from "node:timers/promises";
import { isHelloRefusal, SystemdBus } from "../systemd/systemd-bus.ts";
import { activatorPath } from "../lazy-builtins.ts";
import { PARENT_MARKER } from "./reload-user-managers.ts";

/** The user unit that runs system.userActivationScripts (NixOS: nixos-activation.service). */
export const USER_ACTIVATION_UNIT = "keel-activation.service";

const RECONNECT_TIMEOUT_MS = 60_000;

async function reconnect(runtimeDir: string): Promise<SystemdBus> {
  const deadline = Date.now() + RECONNECT_TIMEOUT_MS;
  for (;;) {
    try {
      return await SystemdBus.connectUserManager(runtimeDir);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

/**
 * The child of reference §3.12, running as the user: re-execute their manager, then restart
 * keel-activation.service and wait for its job. Unlike NixOS (which talks through the session
 * bus and does not wait for the re-exec), this speaks to the manager's private socket, which a
 * re-exec closes, so it waits for that, reconnects, and only then restarts the unit: the restart
 * can never reach the old manager. Returns the exit code (non-zero makes the switch exit 4).
 */
export async function userSwitchMain(): Promise<number> {
  const self = activatorPath();
  if (process.env[PARENT_MARKER] !== self) {
    process.stderr.write(`--user-switch is run by switch-to-configuration itself (${PARENT_MARKER} is not this activator).\n`);
    return 1;
  }
  const runtimeDir = process.env.XDG_RUNTIME_DIR;
  if (!runtimeDir) {
    process.stderr.write("--user-switch needs XDG_RUNTIME_DIR\n");
    return 1;
  }
  // The peer-to-peer socket refuses dbus-next's Hello, which it raises as an unhandled rejection.
  process.on("unhandledRejection", (reason) => {
    if (!isHelloRefusal(reason)) throw reason;
  });
  try {
    const first = await SystemdBus.connectUserManager(runtimeDir);
    const closed = first.closed();
    first.sendReexecute();
    // The timer must not keep the process alive once the manager has dropped us.
    const gaveUp = new AbortController();
    await Promise.race([closed, sleep(RECONNECT_TIMEOUT_MS, undefined, { signal: gaveUp.signal }).catch(() => undefined)]);
    gaveUp.abort();
    first.disconnect();
    const bus = await reconnect(runtimeDir);
    try {
      const error = await bus.queue("restart", USER_ACTIVATION_UNIT);
      if (error) {
        process.stderr.write(`Failed to restart ${USER_ACTIVATION_UNIT}: ${error}\n`);
        return 4;
      }
      const results = await bus.waitForJobs();
      const bad = results.filter((r) => r.result !== "done");
      for (const r of bad) process.stderr.write(`Failed to ${r.verb} ${r.unit} (${r.result})\n`);
      return bad.length > 0 ? 4 : 0;
    } finally {
      bus.disconnect();
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 4;
  }
}
