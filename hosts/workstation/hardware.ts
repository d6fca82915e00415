import { defineModule } from "../../src/modules/index.ts";

/**
 * The workstation's disks, as NixOS's hardware-configuration.nix would list them: an NVMe drive
 * with the EFI system partition, an ext4 root and a swap partition, all named by UUID (device
 * names like /dev/nvme0n1p2 can change between boots; UUIDs do not).
 */
export default defineModule({
  config: {
    fileSystems: {
      "/": { device: "/dev/disk/by-uuid/3f6e9a52-8d1c-4b7e-a0c4-5e2d91f7b318", fsType: "ext4", options: ["noatime"] },
      // umask-style masks: the ESP holds the boot loader and kernels; only root reads it.
      "/boot": { device: "/dev/disk/by-uuid/7C1E-2A9F", fsType: "vfat", options: ["fmask=0077", "dmask=0077"] },
      "/tmp": { fsType: "tmpfs", options: ["size=8G", "mode=1777", "nosuid", "nodev"] },
    },
    swapDevices: [{ device: "/dev/disk/by-uuid/b2d4c6e8-1f3a-4c5e-9b7d-0a2c4e6f8a1c", discardPolicy: "once" }],
    boot: { initrd: { availableKernelModules: ["nvme", "xhci_pci", "ahci", "usbhid", "sd_mod"] } },
  },
});
