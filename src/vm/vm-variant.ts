import { defineModule, mkDefault, mkForce } from "../modules/index.ts";
import { TCG_CPU, TCG_CPU_FIRMWARE } from "./qemu-command.ts";
import { vmFileSystems } from "./vm-file-systems.ts";

/**
 * Generators that have nothing to find in a VM variant. Its disks are Keel's own (a plain ext4
 * state disk, the store over 9p), so there is no GPT to auto-mount, no encrypted, integrity or
 * verity volume (NixOS's qemu-vm.nix likewise empties `boot.initrd.luks.devices`) and no swap to
 * resume from. Each generator is a process systemd runs before it loads any unit: ~0.3 s apiece
 * under TCG. A link to /dev/null in /etc/systemd/system-generators masks one (systemd.generator(7)).
 */
const idleGenerators = [
  "systemd-gpt-auto-generator",
  "systemd-cryptsetup-generator",
  "systemd-integritysetup-generator",
  "systemd-veritysetup-generator",
  "systemd-hibernate-resume-generator",
];

/**
 * Drivers udev would load for what QEMU's pc machine and the TCG CPU model present, but a Keel VM
 * never uses: its disks, network and consoles are virtio and it has no display. The machine
 * itself keeps these devices (the i440FX board always has its PIIX IDE, floppy controller, PS/2
 * ports, PC speaker and SMBus), so only the modules are left out. Each was one udev worker's
 * modprobe, 0.25–0.7 s under TCG (measured with `modprobe` in the guest); together ~4 s of every
 * boot's single emulated CPU. The SHA modules are picked by CPU feature (SSSE3/AVX) and run the
 * kernel's crypto self-tests when they load; the CPU frequency and EDAC drivers find no
 * frequency control or memory controller to drive in a VM.
 */
export const unusedVmDrivers = [
  "ata_piix", "ata_generic", // the board's IDE controller: no IDE drive attached
  "floppy",
  "psmouse", "serio_raw", // the PS/2 mouse port (the keyboard driver is built in)
  "pcspkr",
  "i2c_piix4", // SMBus
  "sha1_ssse3", "sha256_ssse3", "sha512_ssse3",
  "acpi_cpufreq", "pcc_cpufreq", "powernow_k8",
  "edac_mce_amd",
];

/**
 * The VM variant every build-vm and VM test adds to a host (NixOS's qemu-vm.nix): the machine is
 * QEMU's virtio hardware, so the initrd carries only what reaches the virtio disk, the 9p store
 * and the consoles. Under TCG every module loaded costs ~0.1–1 s, so this is most of stage 1's time.
 *
 * The kernel stays the host's: Debian's cloud kernel (linux-image-cloud-amd64, built for VMs) was
 * tried and has no 9p, which the store share needs.
 */
export const vmVariant = defineModule({
  // The VM's disks replace the host's fileSystems and swapDevices.
  imports: [vmFileSystems],
  config: {
    boot: {
      initrd: {
        availableKernelModules: mkForce(["virtio_pci", "virtio_blk", "virtio_console", "9p", "9pnet_virtio", "ext4"]),
      },
      blacklistedKernelModules: ["cfg80211", ...unusedVmDrivers],
    },
    environment: {
      etc: Object.fromEntries(idleGenerators.map((g) => [`systemd/system-generators/${g}`, { source: "/dev/null" }])),
    },
    // Keel's VMs have no display and no wireless device (qemu-command.ts: -nodefaults -display
    // none, virtio devices only). logind would still load drm for graphical seats, and the kernel
    // cfg80211 as soon as networkd asks for the nl80211 netlink family: 0.6 and 1.1 MB of module
    // to read over 9p, link and initialise under TCG, for nothing.
    systemd: { units: { "modprobe@drm.service": { text: null } } },
    // As NixOS's qemu-vm.nix: the guest's clock comes from QEMU (kvmclock, or the emulated RTC
    // and TSC under TCG), so an NTP client has nothing to correct; its start is 2–4 s of a TCG boot.
    services: { timesyncd: { enable: mkDefault(false) } },
    // Node.js refuses a V8 snapshot made on the build host's CPU in a TCG guest (other CPU
    // features); one made under qemu-user with the guest's model is accepted, and saves most of
    // Node's ~2.5 s emulated start at every boot and switch. With KVM (`-cpu host`) the guest
    // refuses it once per start and runs the plain program.
    system: { activatorSnapshot: { emulatedCpu: mkDefault(TCG_CPU) } },
  },
});

/**
 * What build-vm-with-bootloader adds: a boot through UEFI firmware runs QEMU's full `max` model
 * under TCG (qemu-command.ts), so the activator's snapshot is made for that model; one made for
 * TCG_CPU would be refused at every start there.
 */
export const bootLoaderVmVariant = defineModule({
  config: { system: { activatorSnapshot: { emulatedCpu: TCG_CPU_FIRMWARE } } },
});
