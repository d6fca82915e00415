import { defineModule, mkOption, types } from "../../src/modules/index.ts";

/** The boot loader's options (systemd-boot); src/bootloader writes the entries from them. */
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
            description: "How many generations get a boot entry (the newest ones); null keeps every generation.",
          }),
          editor: mkOption({ type: types.bool, default: true, description: "Whether the kernel command line may be edited at the boot menu (anyone at the console can then get root)." }),
          consoleMode: mkOption({
            type: types.enum(["0", "1", "2", "5", "auto", "max", "keep"]),
            default: "keep",
            description: "The console resolution systemd-boot picks (`console-mode` in loader.conf).",
          }),
        },
      },
    },
  },
});
