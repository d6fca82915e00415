import { defineHost } from "../../src/modules/index.ts";
import base from "../common/base.ts";
import developer from "../common/developer.ts";
import hardware from "./hardware.ts";

/**
 * A workstation with a GPU for a VM: booting its `vfio` entry hands the Radeon RX 7900 (video and
 * audio functions) to vfio-pci, so a VM can own it; the default entry keeps it for the host.
 */
export default defineHost({
  imports: [base, developer, hardware],
  config: {
    networking: { hostName: "vfio" },
    boot: { loader: { "systemd-boot": { enable: true } } },
    specialisation: {
      vfio: {
        configuration: {
          hardware: {
            vfio: { enable: true, iommu: "amd", pciIds: ["1002:744c", "1002:ab30"] },
          },
        },
      },
    },
  },
});
