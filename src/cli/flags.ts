import type { Options } from "yargs";

/**
 * Every flag `rebuild` knows, declared once. Commands pick the ones they take by name, so help
 * text, types and defaults never drift between commands.
 */
export const flags = {
  host: {
    type: "string",
    describe: "Host to act on: a folder under hosts/ (hosts/<name>/default.ts)",
  },
  json: { type: "boolean", default: false, describe: "Print machine-readable JSON" },
  "store-dir": {
    type: "string",
    describe: "Store directory (default: $KEEL_STORE_DIR or /keel/store)",
  },
  "state-dir": {
    type: "string",
    describe: "Keel's state directory: profiles, gcroots, store database (default: $KEEL_STATE_DIR or /keel/var)",
  },
  mirror: {
    type: "string",
    describe: "Debian mirror URL (default: $KEEL_DEBIAN_MIRROR, else the machine's apt sources)",
  },
  "cache-dir": {
    type: "string",
    describe: "Download cache (default: $KEEL_CACHE_DIR or ~/.cache/keel)",
  },
  "dry-run": { type: "boolean", default: false, describe: "Show what would be done; change nothing" },
  esp: { type: "string", describe: "Where the EFI system partition is mounted (default: the host's boot.loader.efi.efiSysMountPoint, else /boot)" },
  "root-param": { type: "string", array: true, describe: "A kernel parameter every boot entry gets besides the configuration's, e.g. root=/dev/vda2 (repeatable; root= is only needed for generations that declare no fileSystems.\"/\")" },
  "machine-id": { type: "string", describe: "The machine-id written in boot entries (default: /etc/machine-id)" },
  "out-link": {
    type: "string",
    default: "result",
    describe: "Where to link the built toplevel (a GC root); --no-out-link for none",
  },
  jobs: { type: "number", describe: "How many builds run at once (default: the number of cores)" },
  repo: {
    type: "string",
    describe: "The configuration repository (default: the current directory, else Keel's own checkout)",
  },
  update: { type: "boolean", default: false, describe: "Move keel.lock to the archive's current state instead of its pinned Release" },
  essential: {
    type: "boolean",
    describe: "Also lock every Essential: yes package (a whole system needs them); kept by later runs",
  },
  recursive: { type: "boolean", alias: "r", default: false, describe: "Apply to the whole closure of the given paths" },
  size: { type: "boolean", default: false, describe: "Print the size of each path (its NAR serialisation, in bytes)" },
  "closure-size": { type: "boolean", alias: "S", default: false, describe: "Print the size of each path's closure (in bytes)" },
  all: { type: "boolean", alias: "a", default: false, describe: "Show every dependency chain, not only the shortest" },
  "delete-older-than": {
    type: "string",
    describe: "First delete profile generations older than this period (e.g. 30d); never the current one",
  },
  markdown: { type: "boolean", default: false, describe: "Print the options as a Markdown manual" },
  rollback: { type: "boolean", default: false, describe: "Use the previous generation instead of building (switch/boot also move the profile back)" },
  specialisation: { type: "string", alias: "c", describe: "Activate this specialisation of the configuration (switch, test, dry-activate)" },
  root: { type: "string", describe: "Act on a machine tree mounted at DIR instead of / (boot and the generation commands)" },
  dts: { type: "boolean", default: false, describe: "Regenerate the option tree's TypeScript types (src/modules/generated/options.ts)" },
  forward: { type: "string", array: true, describe: "Forward a host port on 127.0.0.1 to a VM port, HOST:GUEST (e.g. 2222:22; repeatable)" },
  memory: { type: "number", default: 1024, describe: "The VM's memory in MiB" },
  cores: { type: "number", default: 1, describe: "The VM's virtual CPUs" },
  "disk-size": { type: "number", default: 1024, describe: "Size in MiB of the VM's disk when it is first created" },
  "store-image": { type: "boolean", default: false, describe: "Boot the VM from an ext4 image of the closure instead of the host's store over 9p (faster to boot; built per generation)" },
  run: { type: "boolean", default: false, describe: "Start the VM once it is built" },
} as const satisfies Record<string, Options>;

export type FlagName = keyof typeof flags;

/** The subset of `flags` a command takes, ready for yargs' `.options()`. */
export function pickFlags<const K extends FlagName>(...names: K[]): Pick<typeof flags, K> {
  const picked = {} as Pick<typeof flags, K>;
  for (const name of names) picked[name] = flags[name];
  return picked;
}
