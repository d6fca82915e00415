import { defineModule, type Definition, mkIf, mkMerge, mkOption, mkPackageOption, types } from "../../src/modules/index.ts";
import { GitIniValueError, toGitIni } from "./git-ini.ts";

type GitIni = Record<string, Record<string, unknown>>;
const gitini = types.attrsOf(types.attrsOf(types.anything));
const isAttrs = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * nixpkgs' programs.git.config type: sections as attributes, or a list of them to keep an order
 * (include and includeIf must come before what they override). Attribute definitions merge into
 * one element, first; list definitions follow in definition order.
 */
const gitConfigType = types.mkOptionType<GitIni[]>({
  name: "either",
  description: `${gitini.description} or list of ${gitini.description}`,
  descriptionClass: "conjunction",
  check: (v) => isAttrs(v) || (Array.isArray(v) && v.every(isAttrs)),
  merge(loc, defs: readonly Definition[]) {
    const unordered = defs.filter((d) => !Array.isArray(d.value));
    const ordered = defs.flatMap((d) => (Array.isArray(d.value) ? (d.value as GitIni[]) : []));
    return [gitini.merge(loc, unordered), ...ordered];
  },
  emptyValue: () => ({ value: [] }),
  tsType: "Record<string, Record<string, unknown>>[]",
  tsDefType: () => "Record<string, Record<string, unknown>> | Record<string, Record<string, unknown>>[]",
});

/**
 * programs.git (nixos/modules/programs/git.nix): Debian's git in the system, /etc/gitconfig
 * from `config` (git's system-wide file: `git config --system` reads it), and git-lfs with its
 * filter when `lfs.enable` is set.
 */
export default defineModule(({ pkgs }: { pkgs: unknown }) => ({
  options: {
    programs: {
      git: {
        enable: mkOption({ type: types.bool, default: false, example: true, description: "Whether to enable git, a distributed version control system." }),
        package: mkPackageOption(pkgs, "git"),
        config: mkOption({
          type: gitConfigType,
          default: [],
          example: { init: { defaultBranch: "main" }, url: { "https://github.com/": { insteadOf: ["gh:", "github:"] } } },
          description:
            "Configuration written to /etc/gitconfig. A list keeps sections in order: `[ { foo.x = 42; } { bar.y = 42; } ]` puts `foo` before `bar` instead of the default alphabetical order, which matters for `include` and `includeIf`. See the CONFIGURATION FILE section of git-config(1).",
        }),
        lfs: {
          enable: mkOption({ type: types.bool, default: false, example: true, description: "Whether to enable git-lfs (Large File Storage)." }),
          package: mkPackageOption(pkgs, "git-lfs"),
        },
      },
    },
  },
  config: ({ config }: { config: any }) => {
    const cfg = config.programs.git;
    return mkMerge([
      mkIf(cfg.enable, {
        environment: {
          systemPackages: [cfg.package],
          etc: {
            get gitconfig() {
              return mkIf(hasConfig(cfg.config), { text: gitconfigText(cfg.config) });
            },
          },
        },
        get assertions() {
          return gitconfigErrors(cfg.config).map((message) => ({ assertion: false, message }));
        },
      }),
      mkIf(cfg.enable && cfg.lfs.enable, {
        environment: { systemPackages: [cfg.lfs.package] },
        programs: {
          git: {
            config: {
              filter: { lfs: { clean: "git-lfs clean -- %f", smudge: "git-lfs smudge -- %f", process: "git-lfs filter-process", required: true } },
            },
          },
        },
      }),
    ]);
  },
}));

/** NixOS writes /etc/gitconfig when `cfg.config != [ ]`; an element without sections writes nothing either. */
function hasConfig(config: GitIni[]): boolean {
  return config.some((c) => Object.keys(c).length > 0);
}

function gitconfigText(config: GitIni[]): string {
  try {
    return config
      .filter((c) => Object.keys(c).length > 0)
      .map((c) => toGitIni(c))
      .join("\n");
  } catch (error) {
    // Reported by the assertion below, with every other failure of the evaluation.
    if (error instanceof GitIniValueError) return "";
    throw error;
  }
}

function gitconfigErrors(config: GitIni[]): string[] {
  try {
    for (const c of config) toGitIni(c);
    return [];
  } catch (error) {
    if (error instanceof GitIniValueError) return [`programs.git.config: ${error.message}`];
    throw error;
  }
}
