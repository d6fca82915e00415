import { defineModule, mkOption, types } from "../../src/modules/index.ts";

/** `security.wrappers.<name>`: privileged copies of programs under /run/wrappers/bin (as NixOS). */
export default defineModule({
  options: {
    security: {
      wrappers: mkOption({
        default: {},
        example: { ping: { source: "/keel/store/…-iputils-ping/bin/ping", owner: "root", group: "root", setuid: true } },
        description:
          "Programs that need set-id bits, which the store never keeps: each is copied at activation to /run/wrappers/bin (first on PATH) with the given owner and bits.",
        type: types.attrsOf(
          types.submodule({
            options: {
              source: mkOption({ type: types.path, description: "The program to copy (a path in the store)." }),
              owner: mkOption({ type: types.str, default: "root", description: "The owner of the copy." }),
              group: mkOption({ type: types.str, default: "root", description: "The group of the copy." }),
              setuid: mkOption({ type: types.bool, default: false, description: "Whether the copy runs as its owner." }),
              setgid: mkOption({ type: types.bool, default: false, description: "Whether the copy runs with its group." }),
              permissions: mkOption({ type: types.strMatching("0?[0-7]{3}"), default: "0755", description: "Permission bits besides setuid/setgid." }),
            },
          }),
        ),
      }),
    },
  },
});
