import { runProcess } from "../run-process.ts";
import { UnpackError } from "./errors.ts";

/** Directories whose direct entries are programs, in the order `bin()` searches them. */
export const BIN_DIRS = ["usr/sbin", "usr/bin", "sbin", "bin", "usr/games"] as const;
/** Trees where daemons and helpers live (systemd's own binaries, sftp-server, dbus helpers...). */
const HELPER_TREES = ["usr/lib/systemd/", "lib/systemd/", "usr/libexec/", "usr/lib/"];

export interface DebEntry {
  path: string;
  mode: string;
}

/** The entries of a .deb's data archive as `dpkg-deb -c` prints them. */
export async function listDeb(deb: string): Promise<DebEntry[]> {
  const result = await runProcess("dpkg-deb", ["-c", deb]);
  if (result.code !== 0) throw new UnpackError(deb, result.stderr || `dpkg-deb exited with ${result.code}`);
  const out = result.stdout;
  const entries: DebEntry[] = [];
  for (const line of out.split("\n")) {
    // drwxr-xr-x root/root         0 2023-01-01 00:00 ./usr/bin/   (symlinks end in " -> target")
    const match = /^(\S{10})\s+\S+\s+\d+\s+\S+\s+\S+\s+\.\/(.*?)(?: -> .*)?$/.exec(line);
    if (match?.[1] && match[2] !== undefined && match[2] !== "") entries.push({ mode: match[1], path: match[2].replace(/\/$/, "") });
  }
  return entries;
}

/**
 * The programs among a package's entries: everything directly in a bin directory (symlinks too:
 * `sh -> dash` is how Debian names programs), plus executable files in helper trees that are not
 * shared libraries or kernel modules. Sorted, so the lock is stable.
 */
export function findPrograms(entries: DebEntry[]): string[] {
  const programs = new Set<string>();
  for (const { path, mode } of entries) {
    const type = mode[0];
    if (type === "d") continue;
    const slash = path.lastIndexOf("/");
    const dir = slash >= 0 ? path.slice(0, slash) : "";
    if ((BIN_DIRS as readonly string[]).includes(dir)) {
      programs.add(path);
      continue;
    }
    if (type !== "-" || !mode.includes("x")) continue;
    const tree = HELPER_TREES.find((t) => path.startsWith(t));
    if (tree === undefined) continue;
    const base = path.slice(slash + 1);
    if (/\.so(\.|$)/.test(base) || path.includes("/modules/") || /\.(py|pm|pl|sh)$/.test(base)) continue;
    // Under plain usr/lib only a package's own helper directory counts (usr/lib/openssh/sftp-server),
    // not the multiarch library tree or language runtimes.
    if (tree === "usr/lib/") {
      const depth = path.split("/").length;
      if (depth !== 4 || path.startsWith("usr/lib/x86_64-linux-gnu/") || /^usr\/lib\/(python|perl|ruby|node)/.test(path)) continue;
    }
    programs.add(path);
  }
  return [...programs].sort();
}
