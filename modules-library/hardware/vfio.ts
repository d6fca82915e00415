import { defineModule, mkIf, mkOption, types } from "../../src/modules/index.ts";

/**
 * PCI passthrough with VFIO: the devices listed are claimed by vfio-pci in the initrd, before
 * their usual driver (amdgpu, nvidia, snd_hda_intel) can, so a VM can own them. Early framebuffers
 * are turned off because they would otherwise hold the GPU that is passed through.
 */
export default defineModule({
  options: {
    hardware: {
      vfio: {
        enable: mkOption({ type: types.bool, default: false, description: "Whether to prepare PCI devices for passthrough to VMs with VFIO." }),
        iommu: mkOption({
          type: types.enum(["amd", "intel"]),
          default: "amd",
          description: "The CPU vendor's IOMMU to switch on (`amd_iommu=on` or `intel_iommu=on`).",
        }),
        pciIds: mkOption({
          type: types.listOf(types.strMatching("[0-9a-f]{4}:[0-9a-f]{4}")),
          default: [],
          example: ["1002:744c", "1002:ab30"],
          description: "vendor:device ids of the devices vfio-pci claims (every function of the GPU: video and audio).",
        }),
        disableVga: mkOption({
          type: types.bool,
          default: true,
          description: "Whether vfio-pci opts the devices out of VGA arbitration (`vfio-pci.disable_vga=1`), needed for a GPU the host never uses.",
        }),
        disableEarlyFramebuffers: mkOption({
          type: types.bool,
          default: true,
          description: "Whether the EFI, simple-DRM and VESA framebuffers are disabled so they do not hold the passed-through GPU.",
        }),
      },
    },
  },
  config: ({ config }) => {
    const cfg = config.hardware.vfio;
    const ids = cfg.pciIds.join(",");
    return mkIf(cfg.enable, {
      boot: {
        kernelParams: [
          `${cfg.iommu}_iommu=on`,
          "iommu=pt",
          ...(ids ? [`vfio-pci.ids=${ids}`] : []),
          ...(cfg.disableEarlyFramebuffers ? ["video=efifb:off", "video=simpledrm:off", "video=vesafb:off"] : []),
          ...(cfg.disableVga ? ["vfio-pci.disable_vga=1"] : []),
        ],
        initrd: { kernelModules: ["vfio", "vfio_pci", "vfio_iommu_type1"] },
        extraModprobeConfig: [
          ...(ids ? [`options vfio-pci ids=${ids}${cfg.disableVga ? " disable_vga=1" : ""}`] : []),
          // Make sure vfio-pci binds first when the GPU's own driver is also a module.
          "softdep amdgpu pre: vfio-pci",
          "softdep radeon pre: vfio-pci",
          "softdep nouveau pre: vfio-pci",
          "softdep snd_hda_intel pre: vfio-pci",
        ].join("\n"),
      },
    });
  },
});
