import { realpathSync } from "node:fs";

/**
 * Node built-ins that only some activator paths need, loaded on first use. The activator runs at
 * every boot, before systemd, on Debian's Node.js 18, which has no code cache or startup snapshot
 * of its own: each built-in module is compiled from source when first loaded. node:child_process
 * (with net, dgram and the stream machinery) and node:crypto are dozens of such modules, about a
 * second of a boot under TCG emulation; boot activation needs neither, a switch or a password
 * hash does. They also cannot be part of the activator's startup snapshot (snapshot-start.ts).
 * A static `import` would load them whether used or not, hence `require` here: the bundle's own
 * (CommonJS; inside a snapshot, the one Node gives its entry), or Node's built-in lookup when this
 * runs unbundled as an ES module (tests under tsx on the host's Node.js 20). Not node:module's
 * createRequire: node:module cannot be part of a snapshot.
 */
const load = (id: string): unknown => (typeof require === "function" ? require(id) : process.getBuiltinModule(id));

export function loadChildProcess(): typeof import("node:child_process") {
  return load("node:child_process") as typeof import("node:child_process");
}

export function loadCrypto(): typeof import("node:crypto") {
  return load("node:crypto") as typeof import("node:crypto");
}

export function loadV8(): typeof import("node:v8") {
  return load("node:v8") as typeof import("node:v8");
}

let activatorFile: string | undefined;

/** Set when the process started from a snapshot, whose argv names no script. */
export function setActivatorPath(path: string): void {
  activatorFile = path;
}

/** The activator bundle this process runs (the toplevel's `keel-activator.cjs`), resolved. */
export function activatorPath(): string {
  return realpathSync(activatorFile ?? process.argv[1] ?? "");
}
