import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { packFatImage, runTool, unpackFatImage } from "./esp-image.ts";
import { type InstallBootLoaderReport, installBootLoader } from "./install-boot-loader.ts";
import type { LoaderOptions } from "./loader-options.ts";

/** Where Debian's systemd-boot-efi puts the loader; `bootctl install` copies the same file. */
export const SYSTEMD_BOOT_EFI = "/usr/lib/systemd/boot/efi/systemd-bootx64.efi";

const MiB = 1024 * 1024;
/** Partition 1 (the ESP) starts at 1 MiB, the usual alignment; partition 2 (root) follows it. */
export const ESP_OFFSET = MiB;
const GPT_ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
const GPT_LINUX = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";

export interface BootDiskLayout {
  image: string;
  espOffset: number;
  espSizeMiB: number;
  rootOffset: number;
}

/** What `bootctl install` puts on an ESP, done by copying (an image build has no ESP mounted). */
export function stageSystemdBoot(esp: string, efiBinary = SYSTEMD_BOOT_EFI): void {
  for (const dest of ["EFI/systemd/systemd-bootx64.efi", "EFI/BOOT/BOOTX64.EFI"]) {
    mkdirSync(dirname(join(esp, dest)), { recursive: true });
    copyFileSync(efiBinary, join(esp, dest));
  }
}

/** Writes the ESP's tree from `espDir` into the disk image's first partition (replacing it whole). */
export function writeEspIntoDisk(layout: BootDiskLayout, espDir: string): void {
  const tmp = mkdtempSync(join(tmpdir(), "keel-esp-"));
  try {
    const fat = join(tmp, "esp.img");
    packFatImage(espDir, fat, layout.espSizeMiB);
    runTool("dd", [`if=${fat}`, `of=${layout.image}`, "bs=1M", `seek=${layout.espOffset / MiB}`, "conv=notrunc,fsync", "status=none"]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Copies the disk's ESP out into `dir`, boot counters and all (what the firmware left there). */
export function readEspFromDisk(layout: BootDiskLayout, dir: string): void {
  unpackFatImage(layout.image, dir, layout.espOffset);
}

export interface BuildBootDiskInput {
  image: string;
  /** Toplevels of the system profile's generations 1..N, oldest first (the last is current). */
  generations: string[];
  /** Every store path the root file system holds: the generations' closure (and any generation installed later). */
  closure: string[];
  storeDir: string;
  options: LoaderOptions;
  rootParams: string[];
  machineId?: string;
  espSizeMiB?: number;
}

/**
 * A GPT disk for UEFI machines: partition 1 an ESP with systemd-boot and an entry per generation
 * (written by installBootLoader, exactly as on a machine), partition 2 an ext4 root holding the
 * store closure and the system profile. Built as files with mkfs and dd, no mounts.
 */
export function buildBootDisk(input: BuildBootDiskInput): { layout: BootDiskLayout; report: InstallBootLoaderReport } {
  const work = mkdtempSync(join(dirname(input.image), ".keel-disk-"));
  try {
    const root = join(work, "root");
    const store = join(root, input.storeDir);
    mkdirSync(store, { recursive: true });
    // cp -a keeps modes, symlinks and the store's read-only bits; hard links would tie the image to this host's inodes.
    for (let i = 0; i < input.closure.length; i += 200) runTool("cp", ["-a", ...input.closure.slice(i, i + 200), store]);
    const stateDir = join(root, "keel/var");
    const profiles = join(stateDir, "profiles");
    mkdirSync(profiles, { recursive: true });
    for (const [i, toplevel] of input.generations.entries()) symlinkSync(toplevel, join(profiles, `system-${i + 1}-link`));
    symlinkSync(`system-${input.generations.length}-link`, join(profiles, "system"));
    for (const d of ["etc", "var", "tmp", "root", "boot", "home"]) mkdirSync(join(root, d), { recursive: true });
    if (input.machineId) writeFileSync(join(root, "etc/machine-id"), `${input.machineId}\n`);

    const esp = join(work, "esp");
    mkdirSync(esp);
    stageSystemdBoot(esp);
    // The profile links name host paths that exist here too (same store dir), so the real installer runs.
    const report = installBootLoader({
      esp, stateDir, storeDir: input.storeDir, options: input.options, rootParams: input.rootParams,
      machineId: input.machineId ?? null, bootctl: false, allowUnmountedEsp: true,
    });

    const espSizeMiB = input.espSizeMiB ?? 256;
    const rootBytes = Number(runTool("du", ["-sb", root]).split(/\s/)[0]);
    const rootSizeMiB = Math.ceil((rootBytes * 1.3) / MiB) + 256;
    const rootImg = join(work, "root.img");
    runTool("mkfs.ext4", ["-q", "-F", "-L", "keel-root", "-d", root, rootImg, `${rootSizeMiB}M`]);
    const totalMiB = 1 + espSizeMiB + rootSizeMiB + 1;
    rmSync(input.image, { force: true });
    runTool("truncate", ["-s", `${totalMiB}M`, input.image]);
    runTool("sfdisk", ["--quiet", input.image], [
      "label: gpt",
      `start=2048, size=${espSizeMiB * 2048}, type=${GPT_ESP}, name=ESP`,
      `start=${(1 + espSizeMiB) * 2048}, size=${rootSizeMiB * 2048}, type=${GPT_LINUX}, name=root`,
      "",
    ].join("\n"));
    const layout = { image: input.image, espOffset: ESP_OFFSET, espSizeMiB, rootOffset: (1 + espSizeMiB) * MiB };
    writeEspIntoDisk(layout, esp);
    runTool("dd", [`if=${rootImg}`, `of=${input.image}`, "bs=1M", `seek=${1 + espSizeMiB}`, "conv=notrunc,fsync", "status=none"]);
    return { layout, report };
  } finally {
    spawnSync("chmod", ["-R", "u+w", work]);
    rmSync(work, { recursive: true, force: true });
  }
}
