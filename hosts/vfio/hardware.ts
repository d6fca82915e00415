import { defineModule } from "../../src/modules/index.ts";

/**
 * The vfio machine's disks (its hardware-configuration): SATA SSD with the ESP and an ext4 root,
 * a second disk for VM images mounted by label, swap by UUID.
 */
export default defineModule({
  config: {
    fileSystems: {
      "/": { device: "/dev/disk/by-uuid/0d3b5f7a-9c1e-4a2b-8d4f-6e8a0c2e4b6d", fsType: "ext4" },
      "/boot": { device: "/dev/disk/by-uuid/51A3-C7E2", fsType: "vfat", options: ["fmask=0077", "dmask=0077"] },
      // The VMs' disk images; nofail keeps the machine booting if that disk is missing.
      "/var/lib/libvirt/images": { label: "vm-images", fsType: "xfs", options: ["noatime", "nofail"] },
    },
    swapDevices: [{ device: "/dev/disk/by-uuid/9e7c5a3b-1d2f-4e6a-8b0c-2d4f6a8c0e1b", priority: 10 }],
    boot: { initrd: { availableKernelModules: ["ahci", "xhci_pci", "usbhid", "sd_mod"] } },
  },
});
