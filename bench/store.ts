// `npm run bench:store`: realise the package closure of a minimal systemd machine from keel.lock,
// cold (empty store and empty download cache: download + unpack) and warm (everything present).
// Env: KEEL_BENCH_SHARED_CACHE=1 keeps the shared download cache (measures unpack only);
// KEEL_BENCH_KEEP=1 keeps the temp store for inspection.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closureOf, createPackageSet, createProgressDisplay, type PackageSet, readLock, realisePackages } from "../src/packages/index.ts";
import { openStore } from "../src/store/index.ts";

const ROOTS = [
  "systemd",
  "systemd-sysv",
  "udev",
  "dbus",
  "bash",
  "dash",
  "coreutils",
  "util-linux",
  "mount",
  "kmod",
  "login",
  "libpam-runtime",
  "openssh-server",
  "iproute2",
  "busybox-static",
] as const;

const repoDir = new URL("..", import.meta.url).pathname;
const lock = readLock(repoDir);
const root = mkdtempSync(join(tmpdir(), "keel-bench-store-"));
const storeDir = join(root, "store");
const stateDir = join(root, "var");
const cacheDir = process.env.KEEL_BENCH_SHARED_CACHE === "1" ? undefined : join(root, "cache");

function packageSet(): PackageSet {
  return createPackageSet({ store: openStore({ storeDir, stateDir, systemRoots: [] }), lock, ...(cacheDir ? { cacheDir } : {}) });
}

function machineClosure(pkgs: PackageSet) {
  const kernelImage = pkgs["linux-image-amd64"].depends.find((p) => p.debName.startsWith("linux-image-"));
  if (!kernelImage) throw new Error("keel.lock's linux-image-amd64 has no image package");
  return closureOf([...ROOTS.map((n) => pkgs[n]), kernelImage]);
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

let start = performance.now();
let pkgs = packageSet();
let closure = machineClosure(pkgs);
const debBytes = closure.reduce((n, p) => n + (lock.packages[p.debName]?.size ?? 0), 0);
const cold = await realisePackages(pkgs, closure, { onProgress: createProgressDisplay({ label: "downloading" }) });
const coldSeconds = (performance.now() - start) / 1000;
const unpackedBytes = Number(execFileSync("du", ["-sb", "--apparent-size", ...cold.paths]).toString().trim().split("\n").reduce((n, l) => n + Number(l.split("\t")[0]), 0));

start = performance.now();
pkgs = packageSet();
closure = machineClosure(pkgs);
const warm = await realisePackages(pkgs, closure);
const warmSeconds = (performance.now() - start) / 1000;

console.log(`cold: ${coldSeconds.toFixed(2)} s, ${closure.length} packages (${cold.fetched} fetched${cacheDir ? "" : " via the shared cache"}, ${cold.unpacked} unpacked), ${mb(debBytes)} MB of .debs -> ${mb(unpackedBytes)} MB unpacked`);
console.log(`warm: ${warmSeconds.toFixed(3)} s, ${closure.length} packages, ${warm.fetched} fetched, ${warm.unpacked} unpacked${warmSeconds < 0.5 ? "" : "  (over the 0.5 s target)"}`);
if (process.env.KEEL_BENCH_KEEP === "1") console.log(`store kept at ${storeDir}`);
else rmSync(root, { recursive: true, force: true });
