import { mkDefault, mkIf, mkMerge, mkOption, types } from "../../src/modules/index.ts";
import { byLabelPath } from "./fstab-text.ts";

/** Types whose "device" is the type's own name (`tmpfs /tmp tmpfs ...`). */
const SPECIAL_FS_TYPES = new Set(["proc", "sysfs", "tmpfs", "ramfs", "devtmpfs", "devpts"]);

/**
 * Mount points stage 2 needs before systemd mounts anything: the activation script reads and
 * writes them (NixOS's `utils.pathsNeededForBoot`, with Keel's store and state for /nix). Stage 1
 * mounts these, and every file system marked neededForBoot, under the new root.
 */
export const PATHS_NEEDED_FOR_BOOT = ["/", "/keel", "/keel/store", "/keel/var", "/var", "/var/log", "/var/lib", "/etc", "/usr"];

export interface FileSystemConfig {
  enable: boolean;
  mountPoint: string;
  device: string | null;
  label: string | null;
  fsType: string;
  options: string[];
  depends: string[];
  noCheck: boolean;
  neededForBoot: boolean;
}

/** nixpkgs `utils.fsNeededForBoot`. */
export function fsNeededForBoot(fs: Pick<FileSystemConfig, "neededForBoot" | "mountPoint">): boolean {
  return fs.neededForBoot || PATHS_NEEDED_FOR_BOOT.includes(fs.mountPoint);
}

const nonEmptyWithoutTrailingSlash = {
  ...types.addCheck(types.str, (s: string) => /\S/.test(s) && !/.+\/$/.test(s)),
  description: "string (with check: non-empty without trailing slash)",
};

/** One `fileSystems.<name>` (nixos/modules/tasks/filesystems.nix and stage-1.nix's neededForBoot). */
export function fileSystemSubmodule() {
  return ({ name, config }: { name: string; config: FileSystemConfig }) => ({
    options: {
      enable: mkOption({ type: types.bool, default: true, description: "Whether this file system is mounted (false drops it from /etc/fstab and stage 1)." }),
      mountPoint: mkOption({
        type: nonEmptyWithoutTrailingSlash,
        default: name,
        example: "/mnt/usb",
        description: "Where the file system is mounted (`fs_file` in fstab(5)); defaults to the attribute name.",
      }),
      device: mkOption({
        type: types.nullOr(types.nonEmptyStr),
        default: null,
        example: "/dev/disk/by-uuid/8c4c2b5e-4c4a-4a49-9c43-8e2f8f3b7e11",
        description:
          "What is mounted (`fs_spec` in fstab(5)): a block device (`/dev/sda2`, `/dev/disk/by-uuid/…`, `/dev/disk/by-label/…`), a tag (`UUID=…`, `LABEL=…`), the source directory of a bind mount, or whatever the type expects (`server:/export` for nfs). Types like tmpfs default it to the type's name.",
      }),
      label: mkOption({
        type: types.nullOr(types.nonEmptyStr),
        default: null,
        example: "root",
        description: "The file system's label: sets `device` to its udev link, `/dev/disk/by-label/<label>` (blanks and other special characters as `\\xNN`). Use either this or `device`.",
      }),
      fsType: mkOption({
        type: types.nonEmptyStr,
        default: "auto",
        example: "ext4",
        description: "The file system type, as `mount -t` takes it (`fs_vfstype` in fstab(5)). `auto` lets mount probe it.",
      }),
      options: mkOption({
        type: types.nonEmptyListOf(types.nonEmptyStr),
        default: ["defaults"],
        example: ["noatime", "x-systemd.automount"],
        description:
          "Mount options (`fs_mntops` in fstab(5)): mount(8)'s file-system-independent options, the type's own, and systemd's `x-systemd.*` and `nofail` (systemd.mount(5)).",
      }),
      depends: mkOption({
        type: types.listOf(nonEmptyWithoutTrailingSlash),
        default: [],
        example: ["/persist"],
        description:
          "Paths that must be mounted before this file system (any file system whose mount point is a parent of one is mounted first). The device and mount point are always taken into account; list only other paths, such as a key file's directory.",
      }),
      noCheck: mkOption({ type: types.bool, default: false, description: "Whether fsck is never run on this file system (pass 0 in /etc/fstab)." }),
      neededForBoot: mkOption({
        type: types.bool,
        default: false,
        description:
          "Whether stage 1 (the initrd) mounts this file system, before the system is started, instead of systemd in stage 2. Always true for `/`, `/var`, `/var/lib`, `/var/log`, `/etc`, `/usr` and Keel's own `/keel`, `/keel/store` and `/keel/var`.",
      }),
    },
    config: {
      device: mkMerge([
        mkIf(SPECIAL_FS_TYPES.has(config.fsType), mkDefault(config.fsType)),
        mkIf(config.label !== null, mkDefault(byLabelPath(String(config.label ?? "")))),
      ]),
      options: mkMerge([
        mkIf(fsNeededForBoot(config), ["x-initrd.mount"]),
        // Stage 1 mounts in dependency order by itself; systemd needs the dependency spelt out.
        mkIf(config.depends.length > 0 && !fsNeededForBoot(config), config.depends.map((d) => `x-systemd.requires-mounts-for=${d}`)),
      ]),
    },
  });
}
