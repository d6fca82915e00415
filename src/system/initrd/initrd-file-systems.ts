/**
 * The file systems stage 1 mounts (the configuration's `/` and every other one needed for boot),
 * reduced at build time to what busybox's `mount` and `findfs` take, so the initrd has no parsing
 * to do.
 */

/** A file system as the configuration declares it (already in mount order, parents first). */
export interface BootFileSystem {
  mountPoint: string;
  device: string;
  fsType: string;
  options: string[];
}

/** One mount of stage 1. */
export interface InitrdMount {
  mountPoint: string;
  /** `UUID=…`/`LABEL=…` (resolved with findfs), a device node to wait for, or a source mount takes as it is. */
  source: string;
  /** Empty for `auto`: busybox mount probes the type. */
  fsType: string;
  /** The kernel's and mount's own options; fstab-only options (x-*, nofail, noauto, _netdev...) are dropped. */
  options: string;
  /** Seconds to wait for the device (`x-systemd.device-timeout=`, default 20 as in NixOS's stage 1). */
  waitSeconds: number;
  /** Bind mounts take their source inside the new root. */
  bind: boolean;
}

export const DEFAULT_DEVICE_WAIT_SECONDS = 20;

/** Options only fstab's readers (systemd, mount -a) understand; the kernel would reject them. */
const FSTAB_ONLY = /^(x-.*|defaults|nofail|noauto|auto|_netdev|user|users|nouser|owner|group|comment=.*)$/;

/** `/dev/disk/by-label/alice\x20files` → `alice files`: udev's encoding undone for findfs. */
function decodeUdev(name: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const m = /^\\x([0-9a-fA-F]{2})/.exec(name.slice(i));
    if (m?.[1]) {
      bytes.push(Number.parseInt(m[1], 16));
      i += 3;
    } else {
      bytes.push(...Buffer.from(name[i] ?? "", "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The source stage 1 resolves: udev's by-label/by-uuid links become findfs tags, since no udev runs there. */
export function initrdSource(device: string): string {
  const label = /^\/dev\/disk\/by-label\/(.+)$/.exec(device);
  if (label?.[1]) return `LABEL=${decodeUdev(label[1])}`;
  const uuid = /^\/dev\/disk\/by-uuid\/(.+)$/.exec(device);
  if (uuid?.[1]) return `UUID=${decodeUdev(uuid[1])}`;
  return device;
}

/** `x-systemd.device-timeout=` in seconds (systemd also takes `ms`, `s`, `min` suffixes). */
function deviceTimeout(options: string[]): number {
  for (const o of options) {
    const m = /^x-systemd\.device-timeout=(\d+(?:\.\d+)?)\s*(ms|s|sec|min|m)?$/.exec(o);
    if (!m) continue;
    const n = Number(m[1]);
    const unit = m[2] ?? "s";
    return Math.max(1, Math.ceil(unit === "ms" ? n / 1000 : unit === "min" || unit === "m" ? n * 60 : n));
  }
  return DEFAULT_DEVICE_WAIT_SECONDS;
}

export function initrdMounts(fileSystems: BootFileSystem[]): InitrdMount[] {
  return fileSystems.map((fs) => ({
    mountPoint: fs.mountPoint,
    source: initrdSource(fs.device),
    fsType: fs.fsType === "auto" ? "" : fs.fsType,
    options: fs.options.filter((o) => !FSTAB_ONLY.test(o)).join(","),
    waitSeconds: deviceTimeout(fs.options),
    bind: fs.options.includes("bind") || fs.options.includes("rbind"),
  }));
}
