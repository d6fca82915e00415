import { defineHost } from "../../../src/modules/index.ts";
import demo from "../../../hosts/demo/default.ts";
import common from "../common.ts";

/** Generation 2: a changed /etc file, and a `vfio` specialisation with its own kernel parameters. */
export default defineHost({
  imports: [demo, common],
  config: {
    environment: { etc: { "keel-test-generation": { text: "2\n" } } },
    specialisation: { vfio: { configuration: { hardware: { vfio: { enable: true, iommu: "intel", pciIds: ["10de:1b80", "10de:10f0"] } } } } },
  },
});
