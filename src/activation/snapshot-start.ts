import { unlinkSync } from "node:fs";
import { loadV8, setActivatorPath } from "./lazy-builtins.ts";

/**
 * Starting the activator from a V8 startup snapshot. Debian's Node.js 18 is built without Node's
 * own startup snapshot and code cache, so a plain start compiles Node's whole bootstrap and then
 * the bundle: 2–3 s under TCG emulation, at every boot. A user-land snapshot (`node
 * --build-snapshot`, built once per bundle and Node.js by src/system/activator-snapshot.ts) holds
 * the heap after the bundle's modules were initialised, so a start only deserialises it.
 *
 * Node 18's limits decide the shape: the snapshot's entry is one CommonJS script whose `require`
 * only gives built-ins, no handle may be open when the heap is written, and the built-ins it may
 * hold are a subset (no child_process, net, tty...). The bundle's top level does no I/O and those
 * modules load on use (lazy-builtins.ts), so everything up to the command itself is in the
 * snapshot; argv, the environment and every file are read in the deserialised main function.
 */

/** The wrapper scripts (src/system/stage-2-init.ts) talk to the deserialised main through these. */
export const SNAPSHOT_ENV = {
  /** A file the main function deletes first: still there after Node exited, the snapshot was never used. */
  marker: "KEEL_SNAPSHOT_MARKER",
  /** V8 flags for this run (`--no-opt`): flags on the command line must equal the build's, or V8 rejects the blob. */
  v8Flags: "KEEL_V8_FLAGS",
} as const;

/**
 * V8 flags for building and for starting from the snapshot. Node refuses a blob whose V8 "cached
 * data version tag" differs from its own, and that tag hashes the V8 version, the V8 flags AND
 * the CPU features V8 would use for generated code. These flags switch the optional x86-64
 * features off on both sides, so fewer of them can make two machines' tags differ (AVX, say,
 * also depends on the kernel enabling it, which qemu-user and a guest kernel may report
 * differently). They are not enough alone: a feature with no flag (CET shadow stacks, it seems)
 * still differs between the build host and a TCG guest, hence the CPU check of the start scripts
 * (activator-launch.ts) and blobs built under qemu-user for an emulated model
 * (src/system/activator-snapshot.ts). What V8 loses is SSE3+/AVX in code it generates at run
 * time, which an activator that runs for seconds (and at boot with --no-opt) does not miss.
 */
export const SNAPSHOT_V8_FLAGS = ["sse3", "ssse3", "sse4-1", "sse4-2", "sahf", "avx", "avx2", "fma3", "bmi1", "bmi2", "lzcnt", "popcnt"].map((f) => `--no-enable-${f}`);

/** Node runs the bundle to write a snapshot (`node --snapshot-blob B --build-snapshot bundle`). */
export function isBuildingSnapshot(): boolean {
  return process.execArgv.includes("--build-snapshot");
}

/** At build time: set the function the deserialised process runs. */
export function prepareSnapshot(run: (argv: string[]) => void): void {
  // The bundle's own path (mksnapshot reads its entry from argv[1]): the activator's identity
  // for the user-switch handshake, the same in a plain start (user-managers/reload-user-managers.ts).
  const bundle = process.argv[1] ?? "";
  loadV8().startupSnapshot.setDeserializeMainFunction(() => {
    takeMarker();
    quietRuntimeBuiltinWarnings();
    const flags = process.env[SNAPSHOT_ENV.v8Flags];
    delete process.env[SNAPSHOT_ENV.v8Flags];
    // V8 reads --no-opt at each tier-up decision, so setting it now works like the command line.
    if (flags) loadV8().setFlagsFromString(flags);
    setActivatorPath(bundle);
    // A snapshot's main gets [execPath, ...arguments]: no script name in between.
    run(process.argv.slice(1));
  });
}

function takeMarker(): void {
  const marker = process.env[SNAPSHOT_ENV.marker];
  delete process.env[SNAPSHOT_ENV.marker];
  if (!marker) return;
  try {
    unlinkSync(marker);
  } catch {
    // Gone already: the wrapper only looks whether it is still there.
  }
}

/**
 * The snapshot's `require` warns "built-in module X is not yet supported in user snapshots" for
 * child_process, net and the like even after deserialisation, when loading them is as safe as in
 * any process (Node 20.10 warns only while building, nodejs/node#50944). Only that warning is dropped.
 */
function quietRuntimeBuiltinWarnings(): void {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (typeof warning === "string" && warning.endsWith("is not yet supported in user snapshots")) return;
    (emit as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
