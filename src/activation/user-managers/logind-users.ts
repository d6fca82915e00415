import type { SystemdBus } from "../systemd/systemd-bus.ts";

/** A user logind knows (logged in, or lingering), with what reaching their manager needs. */
export interface LogindUser {
  uid: number;
  gid: number;
  name: string;
  /** `$XDG_RUNTIME_DIR` of the user, e.g. /run/user/1000. */
  runtimePath: string;
}

const LOGIND = "org.freedesktop.login1";

/** logind's `ListUsers`, then each user's GID and RuntimePath (reference §3.12). */
export async function listLogindUsers(bus: SystemdBus): Promise<LogindUser[]> {
  const [users] = (await bus.callMethod(LOGIND, "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "ListUsers")) as [[number, string, string][]];
  const out: LogindUser[] = [];
  for (const [uid, name, path] of users) {
    const property = async (p: string) =>
      ((await bus.callMethod(LOGIND, path, "org.freedesktop.DBus.Properties", "Get", "ss", ["org.freedesktop.login1.User", p])) as [{ value: unknown }])[0].value;
    out.push({ uid: Number(uid), name, gid: Number(await property("GID")), runtimePath: String(await property("RuntimePath")) });
  }
  return out.sort((a, b) => a.uid - b.uid);
}
