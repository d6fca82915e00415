import { createRequire } from "node:module";

/**
 * Node built-ins that only some activator paths need, loaded on first use. The activator runs at
 * every boot, before systemd, on Debian's Node.js 18, which has no code cache or startup snapshot:
 * each built-in module is compiled from source when first loaded. node:child_process (with net,
 * dgram and the stream machinery) and node:crypto are dozens of such modules, about a second of
 * a boot under TCG emulation; boot activation needs neither, a switch or a password hash does.
 * A static `import` would load them whether used or not, hence `require` here.
 */
const load = createRequire(import.meta.url);

export function loadChildProcess(): typeof import("node:child_process") {
  return load("node:child_process") as typeof import("node:child_process");
}

export function loadCrypto(): typeof import("node:crypto") {
  return load("node:crypto") as typeof import("node:crypto");
}
