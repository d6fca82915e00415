import type { FileSystemConfig } from "./file-system-options.ts";
import type { SortResult } from "./mount-order.ts";
import { type SwapConfig, swapDevicePath } from "./swap-options.ts";
import { byLabelPath } from "./fstab-text.ts";

interface Assertion {
  assertion: boolean;
  message: string;
}

const quoted = (name: string) => (/^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) ? name : `"${name}"`);

/** NixOS's checks on `fileSystems`, plus the ones its fstab builder would `throw` on, reported together. */
export function fileSystemAssertions(fileSystems: Record<string, FileSystemConfig>, sorted: SortResult<FileSystemConfig>): Assertion[] {
  const out: Assertion[] = [];
  const owners = new Map<string, string[]>();
  for (const [name, fs] of Object.entries(fileSystems)) {
    const option = `fileSystems.${quoted(name)}`;
    owners.set(fs.mountPoint, [...(owners.get(fs.mountPoint) ?? []), option]);
    if (!fs.mountPoint.startsWith("/")) {
      out.push({
        assertion: false,
        message: `The mount point of ${option} is \`${fs.mountPoint}', which is not an absolute path. Mount points start with \`/' (set ${option}.mountPoint, or name the entry after its mount point).`,
      });
    }
    if (fs.device === null) {
      out.push({
        assertion: false,
        message: `No device specified for mount point ‘${fs.mountPoint}’. Set ${option}.device (e.g. "/dev/disk/by-uuid/…") or ${option}.label.`,
      });
    }
    if (fs.label !== null && fs.device !== byLabelPath(fs.label)) {
      out.push({
        assertion: false,
        message: `The filesystem with mount point ${fs.mountPoint} has its label and device set to inconsistent values:\n  label: ${fs.label}\n  device: ${fs.device}\n'${option}.label' and '${option}.device' are mutually exclusive. Please set only one.`,
      });
    }
  }
  for (const [mountPoint, options] of owners) {
    if (options.length > 1) out.push({ assertion: false, message: `The mount point ${mountPoint} is declared more than once: ${options.join(", ")}. Disable all but one (enable = false).` });
  }
  if ("cycle" in sorted) {
    const ls = (sep: string, list: FileSystemConfig[]) => list.map((fs) => fs.mountPoint).join(sep);
    out.push({
      assertion: false,
      message: `The ‘fileSystems’ option can't be topologically sorted: mountpoint dependency path ${ls(" -> ", sorted.cycle)} loops to ${ls(", ", sorted.loops)}`,
    });
  }
  return out;
}

/** Checks on `swapDevices`: a device to use, and what Keel does not do yet. */
export function swapAssertions(swaps: SwapConfig[]): Assertion[] {
  return swaps.flatMap((sw, i) => {
    const at = `swapDevices (entry ${i + 1}${sw.device ?? sw.label ? `, ${sw.device ?? sw.label}` : ""})`;
    const out: Assertion[] = [];
    if (swapDevicePath(sw) === null) out.push({ assertion: false, message: `${at} names no swap area. Set its device (a partition or swap file) or its label.` });
    if (sw.device !== null && sw.label !== null && sw.device !== byLabelPath(sw.label)) {
      out.push({ assertion: false, message: `${at} sets both device and label (to ${sw.label}). They are mutually exclusive. Please set only one.` });
    }
    if (sw.randomEncryption.enable) {
      out.push({ assertion: false, message: `${at}: randomEncryption is not supported by Keel yet (it needs cryptsetup at boot). Remove it, or encrypt the swap partition yourself.` });
    }
    if (sw.size !== null && sw.device === null) out.push({ assertion: false, message: `${at}: size makes a swap file, which needs its path in device (not a label).` });
    return out;
  });
}
