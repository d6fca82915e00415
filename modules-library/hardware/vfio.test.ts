import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("hardware.vfio adds the kernel parameters, initrd modules and modprobe options for passthrough", () => {
  const { config } = evaluateWith({ config: { hardware: { vfio: { enable: true, iommu: "intel", pciIds: ["10de:2684", "10de:22ba"] } } } });
  const params: string[] = config.boot.kernelParams;
  for (const p of ["intel_iommu=on", "iommu=pt", "vfio-pci.ids=10de:2684,10de:22ba", "video=efifb:off", "vfio-pci.disable_vga=1"]) assert.ok(params.includes(p), p);
  assert.deepEqual([...config.boot.initrd.kernelModules].sort(), ["vfio", "vfio_iommu_type1", "vfio_pci"]);
  assert.match(config.environment.etc["modprobe.d/keel.conf"].text, /^options vfio-pci ids=10de:2684,10de:22ba disable_vga=1$/m);
  const off = evaluateWith({});
  assert.ok(!off.config.boot.kernelParams.some((p: string) => p.includes("iommu")));
});
