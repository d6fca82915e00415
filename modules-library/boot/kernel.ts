import { defineModule, mkOption, mkOptionDefault, types } from "../../src/modules/index.ts";

const moduleList = (description: string) => mkOption({ type: types.listOf(types.str), default: [], description });

/**
 * The kernel and what it is told at boot: Debian's kernel package, its command line, the modules
 * loaded early or in the initrd, modprobe settings and sysctls (nixos/modules/system/boot/kernel.nix).
 */
export default defineModule({
  options: {
    boot: {
      kernelPackage: mkOption({
        type: types.package,
        defaultText: 'pkgs["linux-image-amd64"]',
        description: "The Debian kernel package: a `linux-image-<version>` package or a metapackage depending on one.",
      }),
      kernelParams: mkOption({
        type: types.listOf(types.strMatching('([^"\\s]|"[^"]*")+')),
        default: [],
        example: ["quiet", "console=ttyS0"],
        description: "Parameters on the kernel command line (besides `init=`, which the boot loader adds).",
      }),
      kernelModules: moduleList("Modules loaded at boot by systemd-modules-load (from /etc/modules-load.d)."),
      blacklistedKernelModules: moduleList("Modules never loaded automatically (a `blacklist` line in /etc/modprobe.d)."),
      extraModprobeConfig: mkOption({ type: types.lines, default: "", example: "options snd-hda-intel power_save=1", description: "Lines for /etc/modprobe.d/keel.conf." }),
      initrd: {
        kernelModules: moduleList("Modules always loaded in the initrd, before the root file system is mounted."),
        availableKernelModules: moduleList(
          "Modules put in the initrd and loaded there when they fit the hardware (storage and bus drivers needed to reach root).",
        ),
      },
      kernel: {
        sysctl: mkOption({
          type: types.attrsOf(types.nullOr(types.oneOf([types.str, types.int, types.bool]))),
          default: {},
          example: { "net.ipv4.ip_forward": 1 },
          description: "Kernel parameters set at boot by systemd-sysctl; null leaves one unset.",
        }),
      },
    },
  },
  config: ({ config, pkgs }) => {
    const boot = config.boot;
    const sysctl = Object.entries(boot.kernel.sysctl)
      .filter(([, v]) => v !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${typeof v === "boolean" ? (v ? 1 : 0) : v}`);
    const modprobe = [
      ...boot.blacklistedKernelModules.map((m) => `blacklist ${m}`),
      boot.extraModprobeConfig,
    ].filter((l) => l !== "");
    return {
      boot: {
        kernelPackage: mkOptionDefault(pkgs["linux-image-amd64"]),
        // What the initrd needs to find and mount root on the machines Keel targets (virtio VMs, SATA/NVMe disks).
        initrd: {
          availableKernelModules: [
            "virtio_pci", "virtio_blk", "virtio_scsi", "virtio_console", "virtio_net", "9p", "9pnet_virtio",
            "ext4", "vfat", "nls_cp437", "nls_iso8859_1", "ahci", "sd_mod", "nvme", "xhci_pci", "usb_storage",
          ],
        },
        kernelParams: ["loglevel=4"],
      },
      environment: {
        etc: {
          "modules-load.d/keel.conf": { text: `${boot.kernelModules.join("\n")}\n` },
          "modprobe.d/keel.conf": { text: `${modprobe.join("\n")}\n` },
          "sysctl.d/60-keel.conf": { text: `${sysctl.join("\n")}\n` },
        },
      },
    };
  },
});
