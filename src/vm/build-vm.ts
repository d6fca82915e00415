import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildHost, type BuildHostOptions } from "../system/build-host.ts";
import type { PortForward } from "./qemu-command.ts";
import { renderRunScript } from "./run-script.ts";
import { DEFAULT_DISK_SIZE_MIB } from "./state-disk.ts";
import { vmVariant } from "./vm-variant.ts";

export interface BuildVmOptions extends Omit<BuildHostOptions, "outLink" | "dryRun"> {
  /** Where the `result` link to the VM goes (a GC root); null for none. */
  outLink?: string | null;
  memoryMiB?: number;
  cores?: number;
  forwards?: PortForward[];
  diskSizeMiB?: number;
}

export interface BuiltVm {
  /** The VM's store path: `bin/run-<name>-vm` and `system` → the toplevel. */
  vm: string;
  toplevel: string;
  runScript: string;
  warnings: string[];
}

/**
 * `rebuild build-vm`: the host with the VM variant (virtio-only initrd), realised, plus a store
 * path holding its run script. The VM boots with -kernel from the host's store over 9p: nothing
 * is copied into a disk image, so a rebuild is ready to boot at once.
 */
export async function buildVm(opts: BuildVmOptions): Promise<BuiltVm> {
  const built = await buildHost({ ...opts, extraModules: [vmVariant, ...(opts.extraModules ?? [])], outLink: null });
  const { context, toplevel } = built;
  const name = opts.host;
  const script = renderRunScript({
    name,
    toplevel,
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
  return { vm: drv.outPath, toplevel, runScript: join(drv.outPath, "bin", `run-${name}-vm`), warnings: built.warnings };
}
