/**
 * What supporting a file system type takes on Debian's kernel: the kernel modules to load (in the
 * initrd) and the Debian package with its mkfs/fsck helpers (in the system). NixOS spreads this
 * over nixos/modules/tasks/filesystems/*.nix, one module per type.
 */

/**
 * Kernel modules per type. Debian builds ext2 and ext3 into the ext4 module
 * (CONFIG_EXT4_USE_FOR_EXT2); vfat needs the code pages its default mount options name.
 * Types the kernel has built in (tmpfs, proc...) or that are not a type (auto, none) need none.
 */
const KERNEL_MODULES: Record<string, string[]> = {
  ext2: ["ext4"],
  ext3: ["ext4"],
  ext4: ["ext4"],
  vfat: ["vfat", "nls_cp437", "nls_iso8859_1"],
  msdos: ["msdos", "nls_cp437"],
  exfat: ["exfat"],
  xfs: ["xfs"],
  btrfs: ["btrfs"],
  f2fs: ["f2fs"],
  iso9660: ["isofs"],
  udf: ["udf"],
  squashfs: ["squashfs"],
  overlay: ["overlay"],
  "9p": ["9p", "9pnet_virtio"],
  virtiofs: ["virtiofs"],
  ntfs3: ["ntfs3"],
  nfs: ["nfs"],
  nfs4: ["nfs", "nfsv4"],
  cifs: ["cifs"],
  auto: [],
  none: [],
  tmpfs: [],
  ramfs: [],
  proc: [],
  sysfs: [],
  devtmpfs: [],
  devpts: [],
  swap: [],
};

/**
 * The modules a file system type needs. An unknown type is taken to be its own module's name
 * (jfs, nilfs2...): if the kernel has no such module the initrd build fails naming it.
 */
export function kernelModulesFor(fsType: string): string[] {
  if (fsType.startsWith("fuse.") || fsType === "fuse") return ["fuse"];
  return KERNEL_MODULES[fsType] ?? [fsType];
}

/** The Debian package with a type's fsck and mkfs (what systemd-fsck@ and systemd-makefs@ run). */
const FS_PACKAGES: Record<string, string> = {
  ext2: "e2fsprogs",
  ext3: "e2fsprogs",
  ext4: "e2fsprogs",
  vfat: "dosfstools",
  msdos: "dosfstools",
  xfs: "xfsprogs",
  btrfs: "btrfs-progs",
  f2fs: "f2fs-tools",
  exfat: "exfatprogs",
};

export function fsPackageFor(fsType: string): string | undefined {
  return FS_PACKAGES[fsType];
}

/** `boot.supportedFilesystems` in either of NixOS's forms, as the enabled type names (sorted). */
export function enabledTypes(value: Record<string, boolean> | readonly string[]): string[] {
  if (Array.isArray(value)) return [...new Set(value as readonly string[])].sort();
  return Object.entries(value as Record<string, boolean>)
    .filter(([, on]) => on)
    .map(([name]) => name)
    .sort();
}
