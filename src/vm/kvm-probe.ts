import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Accel = "kvm" | "tcg";

/** Exit status QEMU gives when the guest writes 0x31 to isa-debug-exit: (0x31 << 1) | 1. */
const PROBE_EXIT = 99;

/**
 * A 512-byte boot sector that writes 0x31 to port 0xf4 (isa-debug-exit), so QEMU exits at once
 * with status 99 if the guest CPU runs at all.
 */
export function probeBootSector(): Buffer {
  const sector = Buffer.alloc(512);
  Buffer.from([0xb0, 0x31, 0xe6, 0xf4, 0xf4, 0xeb, 0xfe]).copy(sector); // mov al,0x31; out 0xf4,al; hlt; jmp $
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

/** The QEMU arguments of the probe, shared with the run script's shell version. */
export function probeArgs(image: string, accel: Accel): string[] {
  return ["-accel", accel, "-nodefaults", "-display", "none", "-m", "16", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-drive", `file=${image},format=raw,if=ide`];
}

/**
 * Whether KVM really runs guests here. /dev/kvm existing is not enough: on some hosts (nested
 * virtualisation without hardware support) KVM opens fine and then crawls or hangs, so a tiny
 * guest must finish within `timeoutMs` (it takes ~0.3 s where KVM works).
 */
export function probeKvm(timeoutMs = 3000): boolean {
  if (!existsSync("/dev/kvm")) return false;
  const dir = mkdtempSync(join(tmpdir(), "keel-kvm-probe-"));
  try {
    const image = join(dir, "probe.img");
    writeFileSync(image, probeBootSector());
    const result = spawnSync("qemu-system-x86_64", probeArgs(image, "kvm"), { timeout: timeoutMs, stdio: "ignore", killSignal: "SIGKILL" });
    return result.status === PROBE_EXIT;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let cached: Accel | undefined;

/** `KEEL_QEMU_ACCEL` if set, else kvm when the probe passes, else tcg (probed once per process). */
export function chooseAccel(): Accel {
  const forced = process.env.KEEL_QEMU_ACCEL;
  if (forced === "kvm" || forced === "tcg") return forced;
  cached ??= probeKvm() ? "kvm" : "tcg";
  return cached;
}

/** The same probe as a shell function for run-<name>-vm, which decides on the machine it runs on. */
export function probeShellFunction(): string {
  const bytes = [...probeBootSector().subarray(0, 7)].map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("");
  // mktemp's path has no spaces, so "$img" unquoted inside the drive option is safe.
  const args = probeArgs("$img", "kvm");
  return `pick_accel() {
  if [ -n "\${KEEL_QEMU_ACCEL:-}" ]; then echo "$KEEL_QEMU_ACCEL"; return; fi
  [ -e /dev/kvm ] || { echo tcg; return; }
  local img rc=0
  img=$(mktemp)
  { printf '${bytes}'; head -c 503 /dev/zero; printf '\\x55\\xaa'; } > "$img"
  timeout -s KILL 3 qemu-system-x86_64 ${args.join(" ")} >/dev/null 2>&1 || rc=$?
  rm -f "$img"
  if [ "$rc" = ${PROBE_EXIT} ]; then echo kvm; else echo tcg; fi
}`;
}
