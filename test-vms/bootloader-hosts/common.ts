import { defineModule } from "../../src/modules/index.ts";

/**
 * What the bootloader QEMU scenarios add to the demo host: systemd-boot with boot counting (one
 * try, so one failed boot is enough to fall back), the ESP mounted at /boot (systemd-bless-boot
 * renames entries there), the serial console, and a report of what booted, printed on the serial
 * console once the boot is settled, after which the machine powers off.
 */
export default defineModule({
  config: {
    boot: {
      kernelParams: ["console=ttyS0"],
      loader: {
        timeout: null,
        "systemd-boot": { enable: true, bootCounting: { tries: 1 } },
      },
    },
    systemd: {
      mounts: [{ what: "/dev/vda1", where: "/boot", type: "vfat", options: "umask=0077", wantedBy: ["local-fs.target"] }],
      services: {
        "keel-boot-report": {
          description: "Report the booted generation on the serial console, then power off",
          // Triggered by a timer, so it is outside the boot transaction and can wait for the
          // blessing (which itself waits for boot-complete.target, after multi-user.target).
          after: ["multi-user.target", "boot-complete.target", "systemd-bless-boot.service"],
          serviceConfig: { Type: "oneshot" },
          script: [
            "var=/sys/firmware/efi/efivars/LoaderEntrySelected-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f",
            // efivarfs files hold 4 bytes of attributes, then the UTF-16 value; they cannot be seeked.
            'entry=$(cat "$var" 2>/dev/null | tail -c +5 | tr -d "\\000")',
            'bless=$(systemctl show -P ActiveState systemd-bless-boot.service)',
            'failed=$(systemctl list-units --failed --plain --no-legend | cut -d" " -f1 | tr "\\n" ",")',
            'echo "KEEL-REPORT booted=$(readlink /run/booted-system) entry=$entry bless=$bless failed=$failed cmdline=$(cat /proc/cmdline)" > /dev/ttyS0',
            "sync",
            "systemctl --no-block poweroff",
          ].join("\n"),
        },
      },
      timers: { "keel-boot-report": { wantedBy: ["timers.target"], timerConfig: { OnActiveSec: "1s" } } },
    },
  },
});
