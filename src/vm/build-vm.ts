import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { buildBootDisk } from "../bootloader/boot-disk.ts";
import { type BootLoaderConfig, loaderOptionsFromConfig } from "../bootloader/index.ts";
import { buildHost, type BuildHostOptions } from "../system/build-host.ts";
import type { HostContext } from "../system/host-context.ts";
import { VmToolMissingError } from "./errors.ts";
import { realisePvhKernel } from "./pvh-kernel.ts";
import type { PortForward } from "./qemu-command.ts";
import { renderRunScript } from "./run-script.ts";
import { realiseStoreImage } from "./store-image.ts";
import { DEFAULT_DISK_SIZE_MIB } from "./state-disk.ts";
import { bootDiskFileSystems } from "./vm-file-systems.ts";
import { bootLoaderVmVariant, vmVariant } from "./vm-variant.ts";

export interface BuildVmOptions extends Omit<BuildHostOptions, "outLink" | "dryRun"> {
  /** Where the `result` link to the VM goes (a GC root); null for none. */
  outLink?: string | null;
  memoryMiB?: number;
  cores?: number;
  forwards?: PortForward[];
  diskSizeMiB?: number;
  /**
   * build-vm-with-bootloader: boot through OVMF and systemd-boot from a full disk image (ESP +
   * root holding the closure), built into `imageDir` (default: the current directory) beside the
   * VM's disk, instead of -kernel with the store over 9p.
   */
  bootloader?: boolean;
  imageDir?: string;
  /** Boot from an ext4 image of the closure (store-image.ts) instead of the host's store over 9p. */
  storeImage?: boolean;
}

export interface BuiltVm {
  /** The VM's store path: `bin/run-<name>-vm` and `system` → the toplevel. */
  vm: string;
  toplevel: string;
  runScript: string;
  warnings: string[];
  /** With bootloader: the raw boot disk the VM's qcow2 overlays. */
  bootImage?: string;
}

export const OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
export const OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";

/**
 * The boot disk of build-vm-with-bootloader, made by src/bootloader exactly as on a machine
 * (systemd-boot, one entry for this generation). Named after the toplevel, so an unchanged
 * configuration reuses it; built under a temporary name and renamed, so a half image never exists.
 */
function makeBootImage(context: HostContext, toplevel: string, name: string, dir: string): string {
  for (const f of [OVMF_CODE, OVMF_VARS]) if (!existsSync(f)) throw new VmToolMissingError(f, "ovmf");
  mkdirSync(dir, { recursive: true });
  const image = join(dir, `${name}-boot-${basename(toplevel).slice(0, 12)}.raw`);
  if (existsSync(image)) return image;
  const tmp = `${image}.tmp-${process.pid}`;
  try {
    buildBootDisk({
      image: tmp,
      generations: [toplevel],
      closure: context.store.closure([toplevel]),
      storeDir: context.store.storeDir,
      options: loaderOptionsFromConfig(context.evaluated.config.boot.loader as BootLoaderConfig),
      rootParams: ["root=/dev/vda2", "rootfstype=ext4", "console=ttyS0"],
    });
    renameSync(tmp, image);
  } finally {
    rmSync(tmp, { force: true });
  }
  return image;
}

/**
 * `rebuild build-vm`: the host with the VM variant (virtio-only initrd), realised, plus a store
 * path holding its run script. The VM boots with -kernel from the host's store over 9p: nothing
 * is copied into a disk image, so a rebuild is ready to boot at once. With `storeImage` it boots
 * from an ext4 image of the closure instead (store-image.ts says when that pays).
 */
export async function buildVm(opts: BuildVmOptions): Promise<BuiltVm> {
  const variant = opts.bootloader ? [vmVariant, bootDiskFileSystems, bootLoaderVmVariant] : [vmVariant];
  const built = await buildHost({ ...opts, extraModules: [...variant, ...(opts.extraModules ?? [])], outLink: null });
  const { context, toplevel } = built;
  const name = opts.host;
  const bootImage = opts.bootloader ? makeBootImage(context, toplevel, name, resolve(opts.imageDir ?? ".")) : undefined;
  // A -kernel boot loads the kernel uncompressed (pvh-kernel.ts); the bootloader VM boots the bzImage through systemd-boot.
  const kernel = bootImage ? undefined : await realisePvhKernel(context.store, toplevel);
  const storeImage = opts.storeImage && !bootImage ? await realiseStoreImage(context.store, toplevel, { jobs: opts.jobs, onEvent: opts.onEvent }) : undefined;
  const script = renderRunScript({
    ...(bootImage ? { bootDisk: { image: bootImage, ovmfCode: OVMF_CODE, ovmfVars: OVMF_VARS } } : {}),
    name,
    toplevel,
    ...(kernel ? { kernel } : {}),
    ...(storeImage ? { storeImage } : {}),
    storeDir: context.store.storeDir,
    memoryMiB: opts.memoryMiB ?? 1024,
    cores: opts.cores ?? 1,
    kernelParams: readFileSync(join(toplevel, "kernel-params"), "utf8").trim().split(/\s+/).filter(Boolean),
    forwards: opts.forwards ?? [],
    diskSizeMiB: opts.diskSizeMiB ?? DEFAULT_DISK_SIZE_MIB,
  });
  const drv = context.store.directory(`${name}-vm`, {
    [`bin/run-${name}-vm`]: { text: script, mode: 0o755 },
    system: { symlink: toplevel },
  });
  await context.store.realise([drv], { jobs: opts.jobs, onEvent: opts.onEvent });
  if (opts.outLink !== null) context.store.addRoot(resolve(opts.outLink ?? "result"), drv.outPath);
  return { vm: drv.outPath, toplevel, runScript: join(drv.outPath, "bin", `run-${name}-vm`), warnings: built.warnings, ...(bootImage ? { bootImage } : {}) };
}
