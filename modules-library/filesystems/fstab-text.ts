/** /etc/fstab in NixOS's format (nixos/modules/tasks/filesystems.nix, `makeFstabEntries`). */

export interface FstabFileSystem {
  mountPoint: string;
  device: string | null;
  fsType: string;
  options: string[];
  noCheck: boolean;
}

export interface FstabSwap {
  device: string;
  options: string[];
  priority: number | null;
  discardPolicy: "once" | "pages" | "both" | null;
}

/**
 * File system types fsck is never run on: no checker exists, or checking is the file system's
 * own business (btrfs, zfs) or the server's (nfs, 9p). Journaling types are checked (NixOS's
 * default `boot.initrd.checkJournalingFS = true`).
 */
const SKIP_CHECK = new Set([
  "none", "auto", "overlay", "iso9660", "bindfs", "udf", "btrfs", "zfs", "tmpfs", "bcachefs", "nfs", "nfs4",
  "nilfs2", "vboxsf", "squashfs", "glusterfs", "apfs", "9p", "cifs", "prl_fs", "vmhgfs",
]);

/** fstab fields are separated by blanks, so blanks inside one are octal escapes (fstab(5)). */
export function escapeFstabField(field: string): string {
  return field.replaceAll(" ", "\\040").replaceAll("\t", "\\011");
}

/** fsck's pass number: 1 for the root, 2 for the rest, 0 for what is never checked. */
export function fsckPass(fs: FstabFileSystem): 0 | 1 | 2 {
  if (fs.noCheck || fs.device === "none" || SKIP_CHECK.has(fs.fsType) || fs.options.includes("bind")) return 0;
  return fs.mountPoint === "/" ? 1 : 2;
}

/** The options field of a swap line: the given options, then the priority and discard policy as swapon(8) spells them. */
export function swapOptions(sw: FstabSwap): string {
  return [
    ...sw.options,
    ...(sw.priority !== null ? [`pri=${sw.priority}`] : []),
    ...(sw.discardPolicy !== null ? [sw.discardPolicy === "both" ? "discard" : `discard=${sw.discardPolicy}`] : []),
  ].join(",");
}

/** One mount line; the caller has checked that the device is set (an assertion otherwise). */
export function fstabLine(fs: FstabFileSystem): string {
  const device = escapeFstabField(fs.device ?? "none");
  return `${device} ${escapeFstabField(fs.mountPoint)} ${fs.fsType} ${escapeFstabField(fs.options.join(","))} 0 ${fsckPass(fs)}`;
}

/** The whole file: `fileSystems` already in mount order (parents first), then the swap devices. */
export function renderFstab(fileSystems: FstabFileSystem[], swaps: FstabSwap[]): string {
  const header = [
    "# This is a generated file.  Do not edit!",
    "#",
    "# To make changes, edit the fileSystems and swapDevices options",
    "# in your host's Keel configuration.",
    "#",
    "# <file system> <mount point>   <type>  <options>       <dump>  <pass>",
    "",
    "# Filesystems.",
  ];
  const mounts = fileSystems.map(fstabLine);
  const swapLines = swaps.length > 0 ? ["", "# Swap devices.", ...swaps.map((sw) => `${escapeFstabField(sw.device)} none swap ${escapeFstabField(swapOptions(sw))}`)] : [];
  return `${[...header, ...mounts, ...swapLines].join("\n")}\n`;
}

/**
 * The udev link of a file system label: udev encodes every byte outside `[A-Za-z0-9#+-.:=@_]`
 * (and any `/`) as `\xNN`, so `alice files` is `/dev/disk/by-label/alice\x20files`. NixOS puts the
 * fstab-escaped label there instead (`alice\040files`), which systemd unescapes to a path with a
 * space that udev never creates; this names the link that exists.
 */
export function byLabelPath(label: string): string {
  const encoded = [...Buffer.from(label, "utf8")]
    .map((b) => {
      const c = String.fromCharCode(b);
      return b < 0x80 && /[A-Za-z0-9#+\-.:=@_]/.test(c) ? c : `\\x${b.toString(16).padStart(2, "0")}`;
    })
    .join("");
  return `/dev/disk/by-label/${encoded}`;
}
