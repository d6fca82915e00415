import { spawnSync } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { StateDiskError, VmToolMissingError } from "./errors.ts";

export const STATE_DISK_LABEL = "keel";
export const DEFAULT_DISK_SIZE_MIB = 1024;

function run(disk: string, tool: string, pkg: string, args: string[]): void {
  const result = spawnSync(tool, args, { encoding: "utf8" });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") throw new VmToolMissingError(tool, pkg);
  if (result.status !== 0) throw new StateDiskError(disk, `${tool} ${args.join(" ")} failed: ${(result.stderr || result.stdout || "").trim()}`);
}

/**
 * Creates the VM's persistent root disk if it is missing: an ext4 file system made on the host
 * (mkfs.ext4 on a sparse raw image, then qemu-img convert to qcow2), rather than teaching stage 1
 * to format disks, so the initrd never runs mkfs on a disk it merely failed to recognise.
 * Built under temporary names and renamed into place: an interrupted run leaves no half disk.
 * Returns whether it created one.
 */
export function ensureStateDisk(disk: string, sizeMiB = DEFAULT_DISK_SIZE_MIB): boolean {
  if (existsSync(disk)) return false;
  const tmpBase = join(dirname(disk), `.${basename(disk)}.${process.pid}`);
  const raw = `${tmpBase}.raw`;
  const qcow = `${tmpBase}.qcow2`;
  try {
    run(disk, "truncate", "coreutils", ["-s", `${sizeMiB}M`, raw]);
    run(disk, "mkfs.ext4", "e2fsprogs", ["-q", "-F", "-L", STATE_DISK_LABEL, raw]);
    run(disk, "qemu-img", "qemu-utils", ["convert", "-q", "-f", "raw", "-O", "qcow2", raw, qcow]);
    renameSync(qcow, disk);
    return true;
  } finally {
    rmSync(raw, { force: true });
    rmSync(qcow, { force: true });
  }
}

/** The same steps for run-<name>-vm (bash), which creates the disk in the directory it runs in. */
export function stateDiskShell(diskVar: string, sizeMiB: number): string {
  return `if [ ! -e "$${diskVar}" ]; then
  echo "run-vm: creating the VM's disk $${diskVar} (ext4, ${sizeMiB} MiB, grows as used)" >&2
  tmp="$(dirname "$${diskVar}")/.$(basename "$${diskVar}").$$"
  trap 'rm -f "$tmp.raw" "$tmp.qcow2"' EXIT
  truncate -s ${sizeMiB}M "$tmp.raw"
  mkfs.ext4 -q -F -L ${STATE_DISK_LABEL} "$tmp.raw"
  qemu-img convert -q -f raw -O qcow2 "$tmp.raw" "$tmp.qcow2"
  mv "$tmp.qcow2" "$${diskVar}"
  rm -f "$tmp.raw"
  trap - EXIT
fi`;
}
