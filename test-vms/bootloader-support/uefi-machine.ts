import { spawn } from "node:child_process";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";

export const OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
export const OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";

/** What the scenario hosts' keel-boot-report.service prints once a boot has settled. */
export interface BootReport {
  booted: string;
  /** LoaderEntrySelected: the entry id systemd-boot booted. */
  entry: string;
  /** ActiveState of systemd-bless-boot.service (active = this boot was marked good). */
  bless: string;
  /** Units in the failed state, comma-separated. */
  failed: string;
  cmdline: string;
}

export function qemuAvailable(): boolean {
  return existsSync(OVMF_CODE) && existsSync(OVMF_VARS) && existsSync("/usr/bin/qemu-system-x86_64");
}

function parseReport(serial: string): BootReport | undefined {
  const m = /KEEL-REPORT booted=(\S*) entry=(\S*) bless=(\S*) failed=(\S*) cmdline=([^\r\n]*)/.exec(serial);
  return m ? { booted: m[1]!, entry: m[2]!, bless: m[3]!, failed: m[4]!, cmdline: m[5]!.trim() } : undefined;
}

async function sendKeys(socket: string, keys: string[]): Promise<void> {
  const s = connect(socket);
  await new Promise<void>((resolve, reject) => s.once("connect", resolve).once("error", reject));
  for (const key of keys) {
    s.write(`sendkey ${key}\n`);
    await new Promise((r) => setTimeout(r, 400));
  }
  s.end();
}

/**
 * A UEFI machine (OVMF, TCG) over a raw disk image, with its own persistent EFI variable store,
 * booted once per call: firmware, systemd-boot's menu (driven with keys through the QEMU monitor,
 * as a person at the console would), the kernel, until the guest powers off.
 */
export class UefiMachine {
  readonly vars: string;
  private boots = 0;

  constructor(
    readonly disk: string,
    readonly workDir: string,
  ) {
    this.vars = join(workDir, "efi-vars.fd");
    copyFileSync(OVMF_VARS, this.vars);
  }

  /** Boots, presses `menuKeys` at the systemd-boot menu, and returns the report and the serial log. */
  boot(menuKeys: string[], timeoutMs = 600_000): Promise<{ report?: BootReport; serial: string }> {
    const n = ++this.boots;
    const monitor = join(this.workDir, `monitor-${n}.sock`);
    const args = [
      "-accel", "tcg", "-machine", "q35", "-cpu", "max", "-m", "1024", "-smp", "2",
      "-display", "none", "-no-reboot", "-serial", "stdio", "-monitor", `unix:${monitor},server=on,wait=off`,
      "-drive", `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`,
      "-drive", `if=pflash,format=raw,unit=1,file=${this.vars}`,
      "-drive", `file=${this.disk},format=raw,if=virtio`,
      "-nic", "none",
    ];
    return new Promise((resolve, reject) => {
      const qemu = spawn("qemu-system-x86_64", args, { stdio: ["ignore", "pipe", "pipe"] });
      let serial = "";
      let keysSent = false;
      const timer = setTimeout(() => {
        qemu.kill("SIGKILL");
        reject(new Error(`boot ${n} timed out; serial tail:\n${serial.slice(-3000)}`));
      }, timeoutMs);
      qemu.stdout.on("data", (chunk: Buffer) => {
        serial += chunk.toString("latin1");
        // The menu is drawn once the last (automatic) item is on screen.
        if (!keysSent && serial.includes("Reboot Into Firmware Interface")) {
          keysSent = true;
          setTimeout(() => sendKeys(monitor, menuKeys).catch(reject), 1500);
        }
      });
      qemu.stderr.on("data", (chunk: Buffer) => {
        serial += chunk.toString("latin1");
      });
      qemu.on("exit", () => {
        clearTimeout(timer);
        writeFileSync(join(this.workDir, `serial-${n}.log`), serial);
        resolve({ serial, ...(parseReport(serial) ? { report: parseReport(serial)! } : {}) });
      });
    });
  }
}
