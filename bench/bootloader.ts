// Bench: installBootLoader over many generations. First run copies kernels and initrds and writes
// every entry; the second finds nothing to change (what every `rebuild switch` costs).
// `npx tsx bench/bootloader.ts [generations] [distinct kernels]`
import { DEFAULT_LOADER_OPTIONS, installBootLoader } from "../src/bootloader/index.ts";
import { FixtureSystem } from "../src/bootloader/test-support/fixture-system.ts";

const generations = Number(process.argv[2] ?? 50);
const kernels = Number(process.argv[3] ?? 10);
const fx = new FixtureSystem();
try {
  for (let n = 1; n <= generations; n++) {
    // ~8 MiB kernels and ~32 MiB initrds, like Debian's.
    const k = n % kernels;
    fx.addGeneration(fx.toplevel({ kernel: `kernel-${k}-`.repeat(800_000), initrd: `initrd-${k}-`.repeat(3_000_000), specialisations: n % 5 === 0 ? { vfio: { kernelParams: ["intel_iommu=on"] } } : {} }), n);
  }
  const run = (label: string) => {
    const t0 = performance.now();
    const r = installBootLoader({ esp: fx.esp, stateDir: fx.stateDir, storeDir: fx.storeDir, options: DEFAULT_LOADER_OPTIONS, bootctl: false, allowUnmountedEsp: true, machineId: null });
    const ms = performance.now() - t0;
    console.log(`${label}: ${ms.toFixed(0)} ms — ${r.entries.length} entries, ${r.copied.length} files copied, ${r.written.length} written, ${r.removed.length} removed`);
  };
  run(`first install (${generations} generations, ${kernels} kernel/initrd pairs)`);
  run("unchanged re-run");
  fx.addGeneration(fx.toplevel({ kernel: "new-kernel-".repeat(800_000) }), generations + 1);
  run("one new generation");
  const t0 = performance.now();
  installBootLoader({ esp: fx.esp, stateDir: fx.stateDir, storeDir: fx.storeDir, options: { ...DEFAULT_LOADER_OPTIONS, configurationLimit: 5 }, bootctl: false, allowUnmountedEsp: true, machineId: null });
  console.log(`configurationLimit 5 (prune): ${(performance.now() - t0).toFixed(0)} ms`);
} finally {
  fx.cleanup();
}
