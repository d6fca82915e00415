import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Builder } from "../../store/builder.ts";
import type { Derivation } from "../../store/derivation.ts";
import type { Store } from "../../store/store.ts";
import { type CpioEntry, withParentDirectories, writeCpio } from "./cpio.ts";
import { type InitrdMount, initrdMounts, type BootFileSystem } from "./initrd-file-systems.ts";
import { moduleLoadOrder, readModuleIndex } from "./module-closure.ts";
import { stage1InitScript } from "./stage-1-init.ts";

interface InitrdArgs {
  kernelModules: string;
  busybox: string;
  modules: string[];
  storeDir: string;
  /** What stage 1 mounts: the configuration's root and the other file systems needed for boot. */
  mounts: InitrdMount[];
}

/**
 * The initrd: a static busybox, the kernel modules needed to mount root (with their
 * dependencies, resolved from depmod's modules.dep at build time), and the stage-1 init script
 * with the file systems it mounts written into it.
 * Debian's kernel has 9p, virtio and ext4 as modules, so even a VM needs this.
 */
export const initrdBuilder: Builder = {
  kind: "initrd",
  version: 4,
  async build(ctx) {
    const args = ctx.drv.args as InitrdArgs;
    const index = readModuleIndex(args.kernelModules);
    const order = moduleLoadOrder(index, args.modules);
    ctx.log(`initrd for ${index.version}: ${order.length} modules`);
    const entries: CpioEntry[] = [
      { type: "file", path: "init", data: Buffer.from(stage1InitScript(order, index.version, args.storeDir, args.mounts)), mode: 0o755 },
      { type: "file", path: "bin/busybox", data: readFileSync(join(args.busybox, "bin/busybox")), mode: 0o755 },
      ...order.map(
        (rel): CpioEntry => ({
          type: "file",
          path: `lib/modules/${index.version}/${rel}`,
          data: readFileSync(join(args.kernelModules, "lib/modules", index.version, rel)),
        }),
      ),
    ];
    mkdirSync(ctx.out);
    // gzip's header carries no timestamp from zlib here, so the bytes depend on the contents only.
    writeFileSync(join(ctx.out, "initrd"), gzipSync(writeCpio(withParentDirectories(entries)), { level: 6 }));
  },
};

export function initrdDerivation(
  store: Store,
  opts: { kernelModules: Derivation; busybox: Derivation; modules: string[]; fileSystems?: BootFileSystem[] },
): Derivation {
  return store.derivation({
    kind: initrdBuilder.kind,
    name: "initrd",
    inputs: [opts.kernelModules, opts.busybox],
    args: {
      kernelModules: opts.kernelModules.outPath,
      busybox: opts.busybox.outPath,
      modules: [...new Set(opts.modules)].sort(),
      storeDir: store.storeDir,
      mounts: initrdMounts(opts.fileSystems ?? []),
    },
  });
}
