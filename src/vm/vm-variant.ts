import { defineModule, mkForce } from "../modules/index.ts";

/**
 * The VM variant every build-vm and VM test adds to a host (NixOS's qemu-vm.nix): the machine is
 * QEMU's virtio hardware, so the initrd carries only what reaches the virtio disk, the 9p store
 * and the consoles. Under TCG every module loaded costs ~0.1–1 s, so this is most of stage 1's time.
 */
export const vmVariant = defineModule({
  config: {
    boot: {
      initrd: {
        availableKernelModules: mkForce(["virtio_pci", "virtio_blk", "virtio_console", "9p", "9pnet_virtio", "ext4"]),
      },
    },
  },
});
