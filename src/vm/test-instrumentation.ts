import { defineModule } from "../modules/index.ts";

/** The line the backdoor prints on /dev/hvc0 when it is ready for commands. */
export const BACKDOOR_READY = "Spawning backdoor root shell...";

export interface TestNodeOptions {
  /** The machine's address on the test LAN (a /24), e.g. 192.168.1.1. */
  address?: string;
  /** The MAC of its LAN interface: the .network file matches it, whatever the kernel names the link. */
  mac?: string;
}

/**
 * What a machine needs to be driven by the test driver, and nothing a real machine should have
 * (NixOS's test-instrumentation.nix): a root shell reading commands from the virtio console
 * /dev/hvc0, stderr on the serial console, no login prompt on hvc0 or ttyS0, static addresses on the test
 * LAN instead of DHCP. Added only through `extraModules` by the driver, never by a host.
 */
export function testInstrumentation(opts: TestNodeOptions = {}) {
  return defineModule({
    config: {
      systemd: {
        services: {
          backdoor: {
            description: "Keel test driver's root shell (test builds only)",
            wantedBy: ["multi-user.target"],
            requires: ["dev-hvc0.device", "dev-ttyS0.device"],
            after: ["dev-hvc0.device", "dev-ttyS0.device"],
            // SIGHUP makes bash exit; SIGTERM would be ignored by an interactive-ish shell.
            serviceConfig: { KillSignal: "SIGHUP" },
            script: [
              "export USER=root HOME=/root PATH=/run/wrappers/bin:/usr/bin:/usr/sbin TERM=dumb SYSTEMD_PAGER= PAGER= LANG=C.UTF-8",
              "cd /root 2>/dev/null || cd /",
              "exec < /dev/hvc0 > /dev/hvc0",
              // Raw and without echo, so commands and base64 replies cross the console byte for byte. Only
              // once hvc0 is open: the hvc driver resets a console's termios when its last user closes it.
              "stty raw -echo",
              "while ! exec 2> /dev/ttyS0; do sleep 0.1; done",
              `echo "${BACKDOOR_READY}"`,
              'PS1="" exec bash --norc /dev/hvc0',
            ].join("\n"),
          },
        },
        // systemd-getty-generator would put a login prompt on every virtual console, fighting the
        // backdoor for hvc0; and agetty on the serial console hangs up the backdoor's stderr and
        // systemd's status lines there (writes fail with EIO; once the boot's "Reached target
        // multi-user.target" was lost that way). NixOS's test-instrumentation.nix disables both.
        units: { "serial-getty@hvc0.service": { text: null }, "serial-getty@ttyS0.service": { text: null } },
        ...(opts.address && opts.mac
          ? { network: { networks: { "10-keel-test-lan": { matchConfig: { MACAddress: opts.mac }, address: [`${opts.address}/24`] } } } }
          : {}),
      },
      ...(opts.address ? { networking: { useDHCP: false } } : {}),
    },
  });
}
