import { SNAPSHOT_ENV, SNAPSHOT_V8_FLAGS } from "./snapshot-start.ts";

/** How a toplevel's script starts the activator (`activate`, `bin/switch-to-configuration`). */
export interface ActivatorLaunch {
  /** The static busybox the script runs under. */
  busybox: string;
  /** The generation's Node.js, as a shell command line (src/system/debian-exec.ts). */
  nodeCommand: string;
  /** The bundle (`keel-activator.cjs`): the plain start, and the fallback. */
  bundle: string;
  /** The V8 startup snapshot built from that bundle by that Node.js, if any: a directory (src/system/activator-snapshot.ts). */
  snapshot?: string;
  /** V8 flags for this program (`--no-opt`); the snapshot gets them in-process (snapshot-start.ts). */
  v8Flags?: string[];
  /** The arguments after the program, shell text (`"$@" /keel/store/...-system`). */
  args: string;
}

/**
 * The shell lines that run the activator. From the snapshot when there is one: Node.js then
 * starts from the deserialised heap instead of compiling its bootstrap and the bundle (seconds
 * under emulation). The snapshot's main deletes a marker file first thing; if the marker is
 * still there when Node.js has exited, Node never got to the activator (a rejected or corrupt
 * blob: Node exits 1 or aborts) and the plain bundle runs instead, with a note, so a bad
 * snapshot costs time, never a boot. The marker lives in /run (tmpfs, root's) or the user's
 * runtime dir (the user-switch child); where neither is writable the plain bundle runs.
 * Node also refuses a blob made on a CPU with other features (V8's tag covers them; QEMU's TCG
 * CPU is one such), and a refused attempt still costs a Node.js start (~1 s under TCG). So the
 * snapshot is only tried where /proc/cpuinfo's flags equal those of the machine that built it
 * (read with shell builtins: no process); elsewhere the plain bundle runs at once, quietly. A
 * blob built for an emulated CPU model (`emulated:<model>`, the VM variant) is always tried.
 * Not `exec` on that path: the shell must see the outcome. `--` ends Node's options: without a
 * script name in between, Node would take the activator's `--root` for its own.
 */
export function renderActivatorStart(o: ActivatorLaunch): string {
  const flags = o.v8Flags ?? [];
  const plain = `exec ${o.nodeCommand}${flags.map((f) => ` ${f}`).join("")} ${o.bundle} ${o.args}\n`;
  if (!o.snapshot) return plain;
  const env = [`${SNAPSHOT_ENV.marker}="$marker"`, ...(flags.length > 0 ? [`${SNAPSHOT_ENV.v8Flags}='${flags.join(" ")}'`] : [])];
  return `${CPU_FLAGS_LINE}
built=
read -r built 2>/dev/null <${o.snapshot}/${SNAPSHOT_FILES.cpuFlags}
marker="\${XDG_RUNTIME_DIR:-/run}/.keel-activator-$$"
case "$built" in ${EMULATED_PREFIX}*) cpu=$built ;; esac
if [ -n "$cpu" ] && [ "$cpu" = "$built" ] && true 2>/dev/null >"$marker"; then
  ${env.join(" ")} ${o.nodeCommand} ${SNAPSHOT_V8_FLAGS.join(" ")} --snapshot-blob ${o.snapshot}/${SNAPSHOT_FILES.blob} -- ${o.args}
  status=$?
  [ -e "$marker" ] || exit $status
  ${o.busybox}/bin/busybox rm -f "$marker"
  echo "keel: Node.js did not start the activator from its snapshot ${o.snapshot}/${SNAPSHOT_FILES.blob} (exit $status); running the plain bundle" >&2
fi
${plain}`;
}

/** How `cpu-flags` names a blob built for a QEMU CPU model rather than the build machine's CPU. */
export const EMULATED_PREFIX = "emulated:";

/** The snapshot directory's files. */
export const SNAPSHOT_FILES = { blob: "activator.blob", cpuFlags: "cpu-flags" } as const;

/**
 * Shell (POSIX sh and bash alike, builtins only) that sets $cpu to the first `flags` line of
 * /proc/cpuinfo, whitespace-trimmed by `read`. The build writes the same line beside the blob.
 */
export const CPU_FLAGS_LINE = 'cpu=; while read -r line; do case "$line" in flags*) cpu=$line; break ;; esac; done </proc/cpuinfo';
