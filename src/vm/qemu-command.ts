import { BadForwardError } from "./errors.ts";
import type { Accel } from "./kvm-probe.ts";
import { STORE_IMAGE_LABEL } from "./store-image.ts";

/** A TCP port of the host (on 127.0.0.1) forwarded to a port of the guest through QEMU's user network. */
export interface PortForward {
  host: number;
  guest: number;
}

/** One virtual LAN the machine is plugged into: a QEMU socket netdev connected to a hub on loopback. */
export interface VlanPort {
  hubPort: number;
  mac: string;
}

/** Everything a `-kernel` boot of a Keel generation under QEMU depends on. */
export interface VmSpec {
  name: string;
  /** The generation to boot: its kernel, initrd, init and kernel-params are used. */
  toplevel: string;
  /**
   * The kernel file `-kernel` loads, when not the toplevel's bzImage: build-vm and the test driver
   * pass the same kernel as an uncompressed ELF (pvh-kernel.ts), which skips decompression.
   */
  kernel?: string;
  /** The host's store, shared read-only with the guest over 9p at the same path. */
  storeDir: string;
  /**
   * An ext4 image of the generation's closure (store-image.ts) the guest mounts at the store's
   * path instead of the 9p share.
   */
  storeImage?: string;
  /** The persistent root disk (qcow2, ext4 inside). */
  disk: string;
  memoryMiB: number;
  cores: number;
  accel: Accel;
  /** The configuration's own kernel parameters (the toplevel's `kernel-params`). */
  kernelParams: string[];
  extraKernelParams?: string[];
  /** "user": SLiRP with `forwards`; "none": only the vlans below (test networks). */
  network: "user" | "none";
  forwards?: PortForward[];
  vlans?: VlanPort[];
  /** `mon:stdio` multiplexes the QEMU monitor on the terminal (Ctrl-a c); tests use plain `stdio`. */
  serial: "stdio" | "mon:stdio";
  /** A UNIX socket (the driver listens on it) QEMU connects the guest's /dev/hvc0 to: the test backdoor. */
  shellSocket?: string;
  /** A UNIX socket QEMU listens on for its human monitor (crash, sendkey...). */
  monitorSocket?: string;
  /**
   * Boot through UEFI firmware (OVMF code read-only, a writable copy of its variables) from the
   * disk's ESP, instead of -kernel with the store over 9p: the store is then inside the disk.
   */
  firmware?: { code: string; vars: string };
  /** Make a guest reboot end QEMU instead (tests: a reboot is a state change the test must ask for). */
  noReboot?: boolean;
}

export const STORE_MOUNT_TAG = "store";

/**
 * The CPU model under TCG: everything TCG emulates, less what only costs a TCG boot. SVM/VMX:
 * nested virtualisation cannot work under TCG, yet advertising it makes udev load kvm, kvm_amd
 * and ccp (1.3 MB of modules). AES-NI and PCLMULQDQ: udev loads aesni_intel, ghash_clmulni,
 * crc32_pclmul and crct10dif_pclmul for them, and their registration runs the kernel's crypto
 * self-tests, emulated: `modprobe aesni_intel` alone took 2.0 s in the guest. Guest programs then
 * use their portable AES and GHASH code. (qemu64, QEMU's default model, was slower still: no
 * SSSE3/SSE4 for glibc and Node.js.)
 */
export const TCG_CPU = "max,-svm,-vmx,-aes,-pclmulqdq";

/**
 * The CPU model under TCG for boots through UEFI firmware (build-vm-with-bootloader): QEMU's full
 * `max`. With TCG_CPU, an OVMF + systemd-boot boot of the demo died in stage 1 (the initrd's
 * static busybox aborted in glibc's `_dl_get_origin`, so no applet ran and the kernel command
 * line was never read), while the same disk booted with `max`.
 */
export const TCG_CPU_FIRMWARE = "max";

/** The `-cpu` model for an accelerator and boot path. */
export function cpuModel(accel: string, firmware: boolean): string {
  if (accel === "kvm") return "host";
  return firmware ? TCG_CPU_FIRMWARE : TCG_CPU;
}

/** `2222:22` → a forward; anything else is a usage error naming the value. */
export function parseForward(value: string): PortForward {
  const m = /^(\d{1,5}):(\d{1,5})$/.exec(value.trim());
  const host = Number(m?.[1]);
  const guest = Number(m?.[2]);
  const ok = (p: number) => Number.isInteger(p) && p >= 1 && p <= 65535;
  if (!m || !ok(host) || !ok(guest)) throw new BadForwardError(value);
  return { host, guest };
}

/** The kernel command line of a `-kernel` boot: how stage 1 finds the root disk, the store and init. */
export function kernelCommandLine(spec: Pick<VmSpec, "toplevel" | "kernelParams" | "extraKernelParams" | "storeImage">): string {
  return [
    `init=${spec.toplevel}/init`,
    "root=/dev/vda",
    "rootfstype=ext4",
    `keel.store=${spec.storeImage ? `LABEL=${STORE_IMAGE_LABEL}` : STORE_MOUNT_TAG}`,
    "console=ttyS0",
    ...spec.kernelParams,
    ...(spec.extraKernelParams ?? []),
  ].join(" ");
}

/** QEMU's arguments (without the program name) for a spec. Pure: the run script and the test driver share it. */
export function qemuArgs(spec: VmSpec): string[] {
  const args = [
    "-name", spec.name,
    "-accel", spec.accel,
    "-cpu", cpuModel(spec.accel, spec.firmware !== undefined),
    "-m", String(spec.memoryMiB),
    "-smp", String(spec.cores),
    "-nodefaults", "-display", "none",
    "-serial", spec.serial,
    ...(spec.firmware
      ? [
          "-machine", "q35",
          "-drive", `if=pflash,format=raw,unit=0,readonly=on,file=${spec.firmware.code}`,
          "-drive", `if=pflash,format=raw,unit=1,file=${spec.firmware.vars}`,
        ]
      : [
          "-kernel", spec.kernel ?? `${spec.toplevel}/kernel`,
          "-initrd", `${spec.toplevel}/initrd`,
          "-append", kernelCommandLine(spec),
          ...(spec.storeImage ? [] : ["-virtfs", `local,path=${spec.storeDir},mount_tag=${STORE_MOUNT_TAG},security_model=none,readonly=on`]),
        ]),
    "-drive", `file=${spec.disk},format=qcow2,if=none,id=root,cache=writeback,werror=report`,
    "-device", "virtio-blk-pci,drive=root",
    // After the root disk, so the root stays /dev/vda.
    ...(spec.storeImage && !spec.firmware ? ["-drive", `file=${spec.storeImage},format=raw,if=none,id=store,readonly=on`, "-device", "virtio-blk-pci,drive=store"] : []),
    "-device", "virtio-rng-pci",
  ];
  if (spec.network === "user") {
    const fwd = (spec.forwards ?? []).map((f) => `,hostfwd=tcp:127.0.0.1:${f.host}-:${f.guest}`).join("");
    args.push("-netdev", `user,id=user0${fwd}`, "-device", "virtio-net-pci,netdev=user0");
  }
  for (const [i, vlan] of (spec.vlans ?? []).entries()) {
    // QEMU's socket netdev frames each Ethernet frame with a 4-byte length; the hub relays them.
    args.push("-netdev", `socket,id=vlan${i},connect=127.0.0.1:${vlan.hubPort}`, "-device", `virtio-net-pci,netdev=vlan${i},mac=${vlan.mac}`);
  }
  if (spec.shellSocket) {
    // QEMU connects to the driver, which listens before QEMU starts: nothing the guest writes is lost.
    args.push("-chardev", `socket,id=shell,path=${spec.shellSocket}`, "-device", "virtio-serial", "-device", "virtconsole,chardev=shell");
  }
  if (spec.monitorSocket) args.push("-monitor", `unix:${spec.monitorSocket},server=on,wait=off`);
  if (spec.noReboot) args.push("-no-reboot");
  return args;
}
