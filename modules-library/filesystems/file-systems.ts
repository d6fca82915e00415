import { defineModule, mkOption, type Package, types } from "../../src/modules/index.ts";
import { escapeSystemdPath } from "../../src/system/units/unit-names.ts";
import { type FileSystemConfig, fileSystemSubmodule, fsNeededForBoot } from "./file-system-options.ts";
import { fileSystemAssertions, swapAssertions } from "./file-system-assertions.ts";
import { enabledTypes, fsPackageFor, kernelModulesFor } from "./fs-support.ts";
import { renderFstab } from "./fstab-text.ts";
import { sortFileSystems } from "./sorted-file-systems.ts";
import { type SwapConfig, swapDevicePath, swapSubmodule } from "./swap-options.ts";

// NixOS's `attrNamesToTrue`: the list form names the types; the set form can switch one off with mkForce.
// The generated config types derive what a host may write from the value's type, so the type names
// both forms; the merged value is always the set (readers go through `enabledTypes`).
const supportedFilesystemsType = () => ({
  ...types.coercedTo(types.listOf(types.str), (names: string[]) => Object.fromEntries(names.map((n) => [n, true])), types.attrsOf(types.bool)),
  tsType: () => "Array<string> | { [name: string]: boolean }",
});

/**
 * `fileSystems` and `swapDevices` (nixos/modules/tasks/filesystems.nix, config/swap.nix): they
 * become /etc/fstab, which systemd-fstab-generator turns into mount and swap units at boot and
 * at every switch; the file systems needed for boot are mounted by stage 1 (src/system/initrd).
 */
export default defineModule({
  options: {
    fileSystems: mkOption({
      type: types.attrsOf(types.submodule(fileSystemSubmodule())),
      default: {},
      example: {
        "/": { device: "/dev/disk/by-uuid/8c4c2b5e-4c4a-4a49-9c43-8e2f8f3b7e11", fsType: "ext4" },
        "/boot": { device: "/dev/disk/by-uuid/1A2B-3C4D", fsType: "vfat", options: ["fmask=0077", "dmask=0077"] },
        "/data": { label: "data", fsType: "xfs", options: ["noatime", "nofail"] },
      },
      apply: (value: Record<string, FileSystemConfig>) => Object.fromEntries(Object.entries(value).filter(([, fs]) => fs.enable)),
      description:
        "The file systems to mount, by name (the name is the mount point unless `mountPoint` says otherwise). They make /etc/fstab; `/` and the others needed for boot are mounted by the initrd, so a configuration with `fileSystems.\"/\"` boots without `root=` on the kernel command line.",
    }),
    swapDevices: mkOption({
      type: types.listOf(types.submodule(swapSubmodule())),
      default: [],
      example: [{ device: "/dev/disk/by-uuid/3b5f0c1e-2a4d-4b1e-9f57-6f4f0e0a9d21" }, { device: "/var/swapfile", size: 4096 }, { label: "swap" }],
      description: "Swap partitions and swap files, turned on by systemd from /etc/fstab. Partitions must have been made with mkswap; files with `size` are created.",
    }),
    boot: {
      supportedFilesystems: mkOption({
        type: supportedFilesystemsType(),
        default: {},
        example: ["btrfs", "xfs"],
        description:
          "File system types the system can mount and check: their fsck/mkfs tools are installed. A list of names, or a set of names to booleans (so one can be switched off with mkForce). Every type in `fileSystems` is added.",
      }),
      initrd: {
        supportedFilesystems: mkOption({
          type: supportedFilesystemsType(),
          default: {},
          example: ["btrfs"],
          description: "File system types the initrd can mount: their kernel modules go into it. The types of the file systems needed for boot are added.",
        }),
      },
    },
  },
  config: ({ config, pkgs }) => {
    const fileSystems = Object.values(config.fileSystems as Record<string, FileSystemConfig>);
    const sorted = sortFileSystems(fileSystems);
    const swaps = config.swapDevices as SwapConfig[];
    const fsPackages = enabledTypes(config.boot.supportedFilesystems).flatMap((t) => {
      const name = fsPackageFor(t);
      return name !== undefined ? [name] : [];
    });
    const available = [...new Set(fsPackages)].filter((n) => pkgs.hasPackage(n));
    const missing = [...new Set(fsPackages)].filter((n) => !pkgs.hasPackage(n));
    return {
      assertions: [...fileSystemAssertions(config.fileSystems, sorted), ...swapAssertions(swaps)],
      warnings: missing.map(
        (n) => `boot.supportedFilesystems: the package ${n} (fsck and mkfs for ${enabledTypes(config.boot.supportedFilesystems).filter((t) => fsPackageFor(t) === n).join(", ")}) is not in keel.lock, so those file systems are mounted without being checked. Add it with \`rebuild lock --add ${n}\`.`,
      ),
      boot: {
        supportedFilesystems: fileSystems.map((fs) => fs.fsType),
        initrd: {
          supportedFilesystems: fileSystems.filter(fsNeededForBoot).map((fs) => fs.fsType),
          // kernelModules, not availableKernelModules: stage 1 loads both lists, and a VM variant that
          // replaces the storage drivers must not drop the root's file system with them.
          kernelModules: enabledTypes(config.boot.initrd.supportedFilesystems).flatMap(kernelModulesFor),
        },
      },
      environment: {
        systemPackages: available.map((n) => pkgs.getPackage(n)),
        etc: {
          fstab: {
            text: renderFstab(
              "result" in sorted ? sorted.result : fileSystems,
              swaps.flatMap((sw) => {
                const device = swapDevicePath(sw);
                return device === null ? [] : [{ device, options: sw.options, priority: sw.priority, discardPolicy: sw.discardPolicy }];
              }),
            ),
          },
        },
      },
      systemd: { services: Object.fromEntries(swaps.filter((sw) => sw.size !== null && sw.device !== null).map((sw) => swapFileService(sw, pkgs["util-linux"]))) },
    };
  },
});

/**
 * The service that makes a swap file of `size` MiB before its swap unit turns it on (NixOS's
 * `mkswap-<name>`): re-created only when the size differs, so an existing swap file is kept.
 */
function swapFileService(sw: SwapConfig, utilLinux: Package) {
  const device = sw.device ?? "";
  const unit = `${escapeSystemdPath(device)}.swap`;
  const parent = device.replace(/\/[^/]*$/, "") || "/";
  return [
    `mkswap-${escapeSystemdPath(device).replaceAll("\\", "")}`,
    {
      description: `Initialisation of swap file ${device}`,
      wantedBy: [unit],
      before: [unit],
      unitConfig: { RequiresMountsFor: [parent], DefaultDependencies: false },
      serviceConfig: { Type: "oneshot" },
      restartIfChanged: false,
      // mkswap; units get only the basic tools on PATH.
      path: [utilLinux],
      script: [
        `current=$(( $(stat -c %s '${device}' 2>/dev/null || echo 0) / 1024 / 1024 ))`,
        `if [ "${sw.size}" != "$current" ]; then`,
        `  rm -f '${device}'`,
        `  dd if=/dev/zero of='${device}' bs=1M count=${sw.size} status=none`,
        `  chmod 0600 '${device}'`,
        `  mkswap '${device}'`,
        "fi",
      ].join("\n"),
    },
  ] as const;
}
