import type { BootFileSystem } from "../../src/system/initrd/initrd-file-systems.ts";
import { type FileSystemConfig, fsNeededForBoot } from "./file-system-options.ts";
import { mountsBefore, type SortResult, toposort } from "./mount-order.ts";

/**
 * The enabled file systems in mount order (NixOS's `toposort fsBefore (attrValues fileSystems)`:
 * attribute names sorted, then parents first). A cycle is returned for the assertion to report.
 */
export function sortFileSystems<T extends Pick<FileSystemConfig, "mountPoint" | "device" | "depends">>(fileSystems: T[]): SortResult<T> {
  return toposort(mountsBefore, fileSystems);
}

/**
 * What stage 1 mounts: the file systems needed for boot, in mount order. Ones without a device are
 * left out (an assertion has already failed the build for them).
 */
export function bootFileSystems(fileSystems: Record<string, FileSystemConfig>): BootFileSystem[] {
  const sorted = sortFileSystems(Object.values(fileSystems));
  const ordered = "result" in sorted ? sorted.result : Object.values(fileSystems);
  return ordered
    .filter((fs) => fsNeededForBoot(fs) && fs.device !== null)
    .map((fs) => ({ mountPoint: fs.mountPoint, device: fs.device ?? "", fsType: fs.fsType, options: fs.options }));
}
