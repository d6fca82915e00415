import { probeShellFunction } from "./kvm-probe.ts";
import { qemuArgs, TCG_CPU, TCG_CPU_FIRMWARE, type VmSpec } from "./qemu-command.ts";
import { stateDiskShell } from "./state-disk.ts";

export interface RunScriptSpec extends Omit<VmSpec, "disk" | "accel" | "serial" | "network" | "firmware"> {
  diskSizeMiB: number;
  /**
   * build-vm-with-bootloader: a prebuilt raw boot disk (ESP + root with the closure). The VM's
   * disk is then a qcow2 overlay backed by it, and OVMF boots it with a per-VM variable store.
   */
  bootDisk?: { image: string; ovmfCode: string; ovmfVars: string };
}

/** A word for bash inside double quotes; `$name` sentinels are left to expand. */
function dq(word: string): string {
  return `"${word.replace(/[\\"`$]/g, (c) => `\\${c}`).replace(/@(disk|accel|cpu|vars)@/g, (_, v: string) => `\${${v}}`)}"`;
}

/** The bootloader VM's disk: a copy-on-write overlay over the built image, and its own EFI variables. */
function overlayDiskShell(image: string, ovmfVars: string, name: string): string {
  return `vars=$(realpath -m "\${KEEL_EFI_VARS:-./${name}-efi-vars.fd}")
if [ ! -e "$disk" ]; then
  echo "run-vm: creating the VM's disk $disk (an overlay over ${image})" >&2
  qemu-img create -q -f qcow2 -F raw -b ${image} "$disk.tmp" && mv "$disk.tmp" "$disk"
fi
[ -e "$vars" ] || { cp ${ovmfVars} "$vars.tmp" && chmod u+w "$vars.tmp" && mv "$vars.tmp" "$vars"; }`;
}

/** `-m 1024` on one line each: an option with its value, for a readable script. */
function pairOptions(args: string[]): string[][] {
  const lines: string[][] = [];
  for (const arg of args) {
    const last = lines[lines.length - 1];
    if (last && last.length === 1 && last[0]?.startsWith("-") && !arg.startsWith("-")) last.push(arg);
    else lines.push([arg]);
  }
  return lines;
}

/**
 * `bin/run-<name>-vm` (NixOS's run-<name>-vm): creates ./<name>.qcow2 on first run (or
 * $KEEL_DISK_IMAGE), picks KVM when it really works here (probed, with a short timeout) else TCG,
 * and execs QEMU with the serial console on the terminal (Ctrl-a x quits, Ctrl-a c is QEMU's
 * monitor). `$QEMU_OPTS` and the script's arguments are appended to QEMU's.
 */
export function renderRunScript(spec: RunScriptSpec): string {
  const boot = spec.bootDisk;
  const args = qemuArgs({
    ...spec, disk: "@disk@", accel: "tcg", serial: "mon:stdio", network: "user",
    ...(boot ? { firmware: { code: boot.ovmfCode, vars: "@vars@" } } : {}),
  });
  // The accelerator is decided when the script runs, on the machine it runs on.
  args[args.indexOf("-accel") + 1] = "@accel@";
  args[args.indexOf("-cpu") + 1] = "@cpu@";
  return `#!/usr/bin/env bash
# Boots ${spec.name}'s generation under QEMU: ${spec.toplevel}
# Made by \`rebuild build-vm\`; the disk persists in the directory this runs in.
set -euo pipefail

disk=$(realpath -m "\${KEEL_DISK_IMAGE:-./${spec.name}.qcow2}")
${boot ? overlayDiskShell(boot.image, boot.ovmfVars, spec.name) : stateDiskShell("disk", spec.diskSizeMiB)}

${probeShellFunction()}
accel=$(pick_accel)
cpu=${boot ? TCG_CPU_FIRMWARE : TCG_CPU}; [ "$accel" = kvm ] && cpu=host
echo "run-vm: booting ${spec.name} (accel $accel; serial console here: Ctrl-a x quits)" >&2

# shellcheck disable=SC2086
exec qemu-system-x86_64 \\
${pairOptions(args).map((words) => `  ${words.map(dq).join(" ")}`).join(" \\\n")} \\
  \${QEMU_OPTS:-} "$@"
`;
}
