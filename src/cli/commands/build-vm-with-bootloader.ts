import { makeBuildVmCommand } from "./build-vm.ts";

/** `rebuild build-vm-with-bootloader --host NAME`: like build-vm, booting through OVMF and systemd-boot. */
export const buildVmWithBootloaderCommand = makeBuildVmCommand(true);
