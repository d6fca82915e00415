import { defineHost } from "../../src/modules/index.ts";
import base from "../common/base.ts";
import developer from "../common/developer.ts";
import hardware from "./hardware.ts";

/** A developer workstation: the fleet's shared modules plus its own name and kernel settings. */
export default defineHost({
  imports: [base, developer, hardware],
  config: {
    networking: { hostName: "workstation" },
    boot: {
      kernelParams: ["quiet"],
      kernel: { sysctl: { "vm.swappiness": 10 } },
      loader: { "systemd-boot": { enable: true, configurationLimit: 10 } },
    },
    system: { stateVersion: "1" },
  },
});
