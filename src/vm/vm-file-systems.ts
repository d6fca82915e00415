import { defineModule, mkDefault, mkOption, mkVMOverride, types } from "../modules/index.ts";

/** The label run-script.ts gives the VM's state disk (`mkfs.ext4 -L keel`). */
export const VM_ROOT_LABEL = "keel";

type VmFileSystems = Record<string, Record<string, unknown>>;

/**
 * The VM's own file systems (NixOS's qemu-vm.nix `virtualisation.fileSystems`): a VM has none of
 * the host's disks, so the host's `fileSystems` (root on a UUID, the ESP, data disks) and its swap
 * are replaced, not merged. Otherwise stage 1 would wait for a disk that is not there, and systemd
 * for the ESP's device, and the boot would end in emergency mode. The kernel command line's
 * `root=` still names the disk for stage 1; this is the matching /etc/fstab entry.
 *
 * Declared here, not in modules-library: a host's own configuration has no such option (as in NixOS).
 */
export const vmFileSystems = defineModule(({ config }) => ({
  options: {
    virtualisation: {
      fileSystems: mkOption({
        type: types.attrsOf(types.raw),
        default: {},
        example: { "/tmp": { fsType: "tmpfs", options: ["size=1G"] } },
        description:
          "The file systems of the VM variant (build-vm, VM tests), in the form of `fileSystems`: they replace `fileSystems` there, since the host's disks do not exist in the VM. `/` is the VM's disk unless defined here.",
      }),
    },
  },
  config: {
    virtualisation: { fileSystems: { "/": mkDefault({ device: `/dev/disk/by-label/${VM_ROOT_LABEL}`, fsType: "ext4" }) } },
    fileSystems: mkVMOverride((config as unknown as { virtualisation: { fileSystems: VmFileSystems } }).virtualisation.fileSystems),
    swapDevices: mkVMOverride([]),
  },
}));

/**
 * build-vm-with-bootloader's disk (src/bootloader/boot-disk.ts): root is the `keel-root` partition
 * and the ESP (label `ESP`) is mounted at /boot, where bootctl and systemd-bless-boot expect it.
 */
export const bootDiskFileSystems = defineModule(() => ({
  config: {
    virtualisation: {
      fileSystems: {
        "/": { device: "/dev/disk/by-label/keel-root", fsType: "ext4" },
        "/boot": { device: "/dev/disk/by-label/ESP", fsType: "vfat", options: ["umask=0077"] },
      },
    },
  },
}));
