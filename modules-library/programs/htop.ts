import { defineModule, mkIf, mkOption, mkPackageOption, types } from "../../src/modules/index.ts";
import type { PackageSet } from "../../src/packages/index.ts";

type HtopAtom = string | number | boolean;
type HtopValue = HtopAtom | HtopAtom[];

/** nixos/modules/programs/htop.nix's `fmt`: lists joined by spaces, booleans as 1 and 0. */
export function htopValue(value: HtopValue): string {
  if (Array.isArray(value)) return value.map(htopValue).join(" ");
  if (typeof value === "boolean") return value ? "1" : "0";
  return String(value);
}

/** /etc/htoprc as NixOS writes it: a two-line header, then `key=value` lines sorted by key, no final newline. */
export function htoprcText(settings: Record<string, HtopValue>): string {
  const header = "# Global htop configuration\n# To change set: programs.htop.settings.KEY = VALUE;\n";
  const lines = Object.keys(settings)
    .sort()
    .map((key) => `${key}=${htopValue(settings[key] as HtopValue)}`);
  return header + lines.join("\n");
}

const atom = types.oneOf([types.str, types.int, types.bool]);

/**
 * programs.htop (nixos/modules/programs/htop.nix): Debian's htop and /etc/htoprc, which htop
 * reads when the user has no ~/.config/htop/htoprc yet (Debian's htop is built with
 * sysconfdir=/etc, as NixOS's).
 */
export default defineModule(({ pkgs }: { pkgs: PackageSet }) => ({
  options: {
    programs: {
      htop: {
        package: mkPackageOption(pkgs, "htop"),
        enable: mkOption({ type: types.bool, default: false, example: true, description: "Whether to enable htop process monitor." }),
        settings: mkOption({
          type: types.attrsOf(types.oneOf([types.str, types.int, types.bool, types.listOf(atom)])),
          default: {},
          example: { hide_kernel_threads: true, hide_userland_threads: true },
          description:
            "Extra global default configuration for htop which is read on first startup only. Htop subsequently uses ~/.config/htop/htoprc as configuration source.",
        }),
      },
    },
  },
  config: ({ config }: { config: any }) => {
    const cfg = config.programs.htop;
    return mkIf(cfg.enable, {
      environment: {
        systemPackages: [cfg.package],
        etc: {
          htoprc: {
            get text() {
              return htoprcText(cfg.settings);
            },
          },
        },
      },
    });
  },
}));
