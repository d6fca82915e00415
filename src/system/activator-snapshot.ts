import { CPU_FLAGS_LINE, EMULATED_PREFIX, SNAPSHOT_FILES } from "../activation/activator-launch.ts";
import { SNAPSHOT_V8_FLAGS } from "../activation/snapshot-start.ts";
import { closureOf, type Package } from "../packages/index.ts";
import type { Derivation, Store } from "../store/index.ts";
import { debianCommandLine } from "./debian-exec.ts";

/**
 * A V8 startup snapshot of the activator bundle (src/activation/snapshot-start.ts says why and
 * what is in it), built by the generation's own Node.js: a blob is only valid for the exact
 * Node.js and V8 build that wrote it, so never the build host's. A sandboxed command, so it is
 * cached like any derivation: it depends on the bundle and that Node.js's closure only, not on
 * the rest of the configuration.
 *
 * Debian builds Node.js with some of its built-ins outside the binary (acorn, cjs-module-lexer,
 * undici: `--shared-builtin-*-path`), read at every start from /usr/share/nodejs and aborting
 * without them. On a Keel machine /usr is the generation's sw; here the build runs Node.js in a
 * nested bubblewrap whose /usr/share is a tmpfs holding only the closure's usr/share/nodejs
 * directories (a mount point must exist, and the host's /usr/share/nodejs may not; Node.js reads
 * nothing else there), the rest of the file system as the build sees it. The build then starts Node.js once from
 * the new blob: a snapshot that cannot start fails the build instead of a boot. The output is a
 * directory: `activator.blob`, and `cpu-flags`, the building CPU's /proc/cpuinfo flags (Node also
 * refuses a blob on a CPU with other features; activator-launch.ts).
 *
 * For a machine that runs on an emulated CPU (the VM variant under QEMU's TCG), `emulate` builds
 * the blob with Node.js running under qemu-user with that CPU model: V8's tag then matches the
 * guest's (checked: the same tag as in a TCG guest with that model), which no blob from the build
 * host's CPU does. `cpu-flags` then holds `emulated:<model>`, and the start scripts try the blob
 * without comparing flags (a refused start falls back, as with a corrupt blob).
 *
 * Not bit-for-bit reproducible (like a few of nixpkgs' outputs): V8 writes the times of Node's
 * start milestones and some native addresses (ASLR) into the heap. `--random-seed` (the one
 * seed flag outside V8's flag hash) would fix the rest, but a seed shared by every start of the
 * blob is worse than a path whose bytes vary; the path itself is input-addressed, so nothing
 * depends on the bytes.
 */
export function activatorSnapshot(store: Store, opts: { nodejs: Package; bundle: Derivation; emulate?: { cpu: string; qemuUser: Package } }): Derivation {
  const emulate = opts.emulate;
  // Under qemu-user, Node.js's loader is the emulated program: qemu takes the whole command line.
  const qemu = emulate ? `${debianCommandLine(store, emulate.qemuUser, "qemu-x86_64")} -cpu ${emulate.cpu} ` : "";
  // The same V8 flags as every start from it (snapshot-start.ts says why these).
  const node = `${qemu}${debianCommandLine(store, opts.nodejs, "node")} ${SNAPSHOT_V8_FLAGS.join(" ")}`;
  const packages = closureOf([opts.nodejs]).map((p) => p.outPath);
  const script = `
binds=()
for pkg in ${packages.join(" ")}; do
  for dir in "$pkg"/usr/share/nodejs/*; do
    [ -e "$dir" ] && binds+=(--ro-bind "$dir" "/usr/share/nodejs/\${dir##*/}")
  done
done
inside() { bwrap --dev-bind / / --tmpfs /usr/share "\${binds[@]}" --chdir "$PWD" -- "$@"; }
mkdir "$out"
blob="$out/${SNAPSHOT_FILES.blob}"
inside ${node} --snapshot-blob "$blob" --build-snapshot ${opts.bundle.outPath}
# The blob must start: with no command the activator prints its usage and exits 1.
status=0
check=$(inside ${node} --snapshot-blob "$blob" 2>&1) || status=$?
case "$status:$check" in
  1:*"usage: activate"*) ;;
  *) echo "the snapshot does not start the activator (exit $status): $check" >&2; rm -rf "$out"; exit 1 ;;
esac
# The CPU it was made for: the start scripts try the blob only on a CPU with the same flags.
${emulate ? `cpu='${EMULATED_PREFIX}${emulate.cpu}'` : CPU_FLAGS_LINE}
printf '%s\n' "$cpu" >"$out/${SNAPSHOT_FILES.cpuFlags}"
`;
  const tools = emulate ? closureOf([emulate.qemuUser]).map((p) => p.drv) : [];
  return store.runCommand(emulate ? "keel-activator-snapshot-emulated" : "keel-activator-snapshot", {
    script,
    inputs: [opts.bundle, ...closureOf([opts.nodejs]).map((p) => p.drv), ...tools],
  });
}
