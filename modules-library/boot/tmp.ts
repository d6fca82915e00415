import { defineModule, mkIf, mkMerge, mkOption, types } from "../../src/modules/index.ts";

/**
 * systemd's own tmp.conf, which NixOS ships unchanged. Debian patches it to `D /tmp`, which
 * `systemd-tmpfiles --remove` (run by every switch, as NixOS's does) reads as "empty /tmp": each
 * switch deleted the contents of /tmp, including the private /tmp of every running service with
 * PrivateTmp=, whose later reloads then failed with 226/NAMESPACE. Same name in /etc/tmpfiles.d
 * overrides the packaged file; boot.tmp.cleanOnBoot's `D!` (in an earlier file) still wins for /tmp.
 */
export const upstreamTmpConf = `# systemd's tmp.conf (Debian's says "D /tmp", which empties /tmp at every switch); see tmpfiles.d(5).
q /tmp 1777 root root 10d
q /var/tmp 1777 root root 30d
`;

/**
 * boot.tmp (nixos/modules/system/boot/tmp.nix): /tmp on a tmpfs, or emptied at every boot. As in
 * NixOS, the tmpfs is mounted with mode 1777, strictatime, nosuid and nodev and a size limit, and
 * cleaning is systemd-tmpfiles' `D!` (remove the contents at boot only, never on a switch).
 */
export default defineModule({
  options: {
    boot: {
      tmp: {
        useTmpfs: mkOption({ type: types.bool, default: false, description: "Whether /tmp is a tmpfs (in memory, empty at every boot)." }),
        tmpfsSize: mkOption({
          type: types.either(types.str, types.ints.positive),
          default: "50%",
          example: "2G",
          description: "The tmpfs's size limit: bytes, a size with a k/m/g suffix, or a percentage of RAM.",
        }),
        cleanOnBoot: mkOption({ type: types.bool, default: false, description: "Whether the contents of /tmp are deleted at boot." }),
      },
    },
  },
  config: ({ config }) => {
    const tmp = config.boot.tmp;
    return mkMerge([
      { environment: { etc: { "tmpfiles.d/tmp.conf": { text: upstreamTmpConf } } } },
      mkIf(tmp.useTmpfs, {
        fileSystems: {
          "/tmp": { device: "tmpfs", fsType: "tmpfs", options: ["mode=1777", "strictatime", "rw", "nosuid", "nodev", `size=${tmp.tmpfsSize}`] },
        },
      }),
      mkIf(tmp.cleanOnBoot, { systemd: { tmpfiles: { rules: ["D! /tmp 1777 root root"] } } }),
    ]);
  },
});
