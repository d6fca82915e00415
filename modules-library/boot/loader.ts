import { defineModule, mkIf, mkOption, types } from "../../src/modules/index.ts";

/**
 * The boot loader's options (systemd-boot); src/bootloader writes the entries from them when a
 * generation is installed (`rebuild boot|switch`, `rebuild bootloader`).
 *
 * Boot counting (systemd's "Automatic Boot Assessment"): the entry of a newly installed generation
 * is written as `keel-generation-N+<tries>.conf`. systemd-boot counts down on every attempt; when
 * the boot reaches `boot-complete.target`, systemd-bless-boot.service (pulled in by
 * systemd-bless-boot-generator only when the booted entry carries a counter) renames the entry to
 * `keel-generation-N.conf`: blessed. An entry whose tries run out sorts last and the `default`
 * glob in loader.conf then picks the previous generation. Here boot-complete.target is made to
 * require the health target, and optionally the "no units failed" check.
 */
export default defineModule({
  options: {
    boot: {
      loader: {
        timeout: mkOption({
          type: types.nullOr(types.ints.unsigned),
          default: 5,
          description: "Seconds the boot menu waits before booting the default entry; null waits forever.",
        }),
        efi: {
          canTouchEfiVariables: mkOption({ type: types.bool, default: false, description: "Whether installing the boot loader may change EFI variables (boot order)." }),
          efiSysMountPoint: mkOption({ type: types.str, default: "/boot", description: "Where the EFI system partition is mounted." }),
        },
        "systemd-boot": {
          enable: mkOption({ type: types.bool, default: false, description: "Whether systemd-boot is the boot loader." }),
          configurationLimit: mkOption({
            type: types.nullOr(types.ints.positive),
            default: null,
            example: 10,
            description: "How many generations get a boot entry (the newest ones); null keeps every generation. The generation the profile points at always keeps its entry.",
          }),
          editor: mkOption({ type: types.bool, default: true, description: "Whether the kernel command line may be edited at the boot menu (anyone at the console can then get root)." }),
          consoleMode: mkOption({
            type: types.enum(["0", "1", "2", "5", "auto", "max", "keep"]),
            default: "keep",
            description: "The console resolution systemd-boot picks (`console-mode` in loader.conf).",
          }),
          bootCounting: {
            enable: mkOption({
              type: types.bool,
              default: true,
              description:
                "Whether a new generation must prove itself: its entry gets a tries counter, a boot that reaches boot-complete.target marks it good, and once the tries are used up systemd-boot boots the previous generation instead.",
            }),
            tries: mkOption({
              type: types.ints.between(1, 999),
              default: 3,
              description: "How many boots a new generation gets to reach boot-complete.target before it is passed over.",
            }),
            healthTarget: mkOption({
              type: types.str,
              default: "multi-user.target",
              example: "graphical.target",
              description: "The unit that must be reached (and not fail) for a boot to count as good: boot-complete.target requires it and is ordered after it.",
            }),
            checkNoFailedUnits: mkOption({
              type: types.bool,
              default: true,
              description: "Whether a boot with any failed unit at that point is not blessed (systemd-boot-check-no-failures.service).",
            }),
          },
        },
      },
    },
  },
  config: ({ config, pkgs }) => {
    const sd = config.boot.loader["systemd-boot"];
    const counting = sd.bootCounting;
    return mkIf(sd.enable, {
      // Debian builds these as modules. Loaded in the initrd, they are there when systemd mounts
      // /sys/firmware/efi/efivars and the ESP: bootctl and systemd-bless-boot (which reads
      // LoaderBootCountPath and renames the entry on the ESP) need both, and without them no boot
      // is ever blessed. Debian's vfat defaults to iocharset ascii and codepage 437; utf8 is the usual override.
      boot: { initrd: { kernelModules: ["efivarfs", "vfat", "nls_cp437", "nls_ascii", "nls_utf8"] } },
      // bootctl and the EFI binaries, so the machine can install and update its own loader;
      // systemd-boot also ships systemd-bless-boot.service and its generator.
      environment: { systemPackages: [pkgs["systemd-boot"], pkgs["systemd-boot-efi"]] },
      systemd: {
        units: counting.enable
          ? {
              "boot-complete.target": {
                text: `[Unit]\nRequires=${counting.healthTarget}\nAfter=${counting.healthTarget}\n`,
                overrideStrategy: "asDropin" as const,
              },
              ...(counting.checkNoFailedUnits
                ? { "systemd-boot-check-no-failures.service": { text: "", requiredBy: ["boot-complete.target"], overrideStrategy: "asDropin" as const } }
                : {}),
            }
          : {},
      },
    });
  },
});
