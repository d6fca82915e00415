import { readlinkSync } from "node:fs";
import { join } from "node:path";
import type { Derivation, Store } from "../store/index.ts";

/**
 * The generation's kernel as a plain ELF (`vmlinux`), for QEMU's `-kernel` boots.
 *
 * Debian's bzImage carries the kernel xz-compressed; it decompresses itself before it prints a
 * line. Natively that is a fraction of a second, under TCG emulation 3–7 s, the largest single
 * cost of a VM boot. Debian builds its kernels with CONFIG_PVH, so QEMU can load the ELF
 * directly and enter it through its PVH entry point (the Xen PVH boot protocol, which QEMU
 * implements for `-kernel` on the pc and q35 machines): no decompression, no real-mode setup.
 * The command line and the initrd reach the kernel as with a bzImage.
 *
 * The payload is cut out of the bzImage by the offsets its setup header records
 * (Documentation/x86/boot.rst: `setup_sects`, `payload_offset`, `payload_length`) and
 * decompressed with the build machine's own tools, as any runCommand build uses them. The
 * result is a deterministic function of the kernel; it is ~65 MB, read by QEMU at start.
 */
export function pvhKernelDerivation(store: Store, bzImage: string): Derivation {
  const kernel = store.fromPath(bzImage);
  return store.runCommand(`vmlinux-${kernel.name}`, {
    inputs: [kernel],
    script: `k=${bzImage}
field() { od -An -t"$1" -j "$2" -N "$3" "$k" | tr -d ' \\n'; }
[ "$(field c 0x202 4)" = HdrS ] || { echo "$k is not a bzImage (no HdrS setup header)" >&2; exit 1; }
sects=$(field u1 0x1f1 1); [ "$sects" = 0 ] && sects=4
offset=$(field u4 0x248 4); length=$(field u4 0x24c 4)
tail -c +$(( (sects + 1) * 512 + offset + 1 )) "$k" | head -c "$length" > payload
mkdir -p "$out"
case "$(od -An -tx1 -N6 payload | tr -d ' \\n')" in
  fd377a585a00) xz -dc --single-stream payload ;;
  28b52ffd*) zstd -dcq payload ;;
  1f8b*) gzip -dc payload 2>/dev/null || [ $? = 2 ] ;;
  *) echo "$k: the kernel's payload is compressed in a format this build does not know" >&2; exit 1 ;;
esac > "$out/vmlinux"
[ "$(od -An -tx1 -N4 "$out/vmlinux" | tr -d ' \\n')" = 7f454c46 ] || { echo "$k: the decompressed payload is not an ELF kernel" >&2; exit 1; }
`,
  });
}

/** Realises the PVH kernel of a built toplevel; returns the file QEMU's `-kernel` takes. */
export async function realisePvhKernel(store: Store, toplevel: string): Promise<string> {
  const drv = pvhKernelDerivation(store, readlinkSync(join(toplevel, "kernel")));
  await store.realise([drv]);
  return join(drv.outPath, "vmlinux");
}
