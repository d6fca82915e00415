import type { WrapperSpec } from "../../src/activation/activation-spec.ts";
import type { KeelConfig, ModuleArgs } from "../../src/modules/index.ts";
import {
  assertionsModule,
  checkAssertions,
  defineModule,
  evalModules,
  mkOption,
  mkOverride,
  types,
} from "../../src/modules/index.ts";
import type { EtcEntry } from "../../src/system/etc/etc-tree.ts";
import { activationToplevelParts } from "./activation-scripts.ts";
import { bootFileSystems } from "../filesystems/sorted-file-systems.ts";
import { type BuiltToplevel, buildToplevel } from "../../src/system/toplevel.ts";
import type { RenderedUnit } from "../../src/system/units/unit-definition.ts";

/**
 * `system.build.toplevel`: the generation, built from every other option (reference §1), and
 * `specialisation.<name>`: variants of it (another kernel command line, a different service
 * set) that become their own toplevels, linked from the parent and offered at boot.
 */
export default defineModule({
  options: {
    system: {
      build: mkOption({
        type: types.lazyAttrsOf(types.raw),
        default: {},
        internal: true,
        description: "Things the configuration builds; `toplevel` is the generation itself.",
      }),
      activatorSnapshot: {
        emulatedCpu: mkOption({
          type: types.nullOr(types.str),
          default: null,
          example: "max,-svm,-vmx,-aes,-pclmulqdq",
          description:
            "A QEMU CPU model to build the activator's V8 startup snapshot for (under qemu-user), for a machine that runs emulated; null builds it for the build machine's CPU. Node.js refuses a snapshot made on a CPU with other features, and then starts from the plain program. The VM variant sets this to the model it boots under TCG.",
        }),
      },
    },
    specialisation: mkOption({
      default: {},
      example: { vfio: { configuration: { hardware: { vfio: { enable: true } } } } },
      description:
        "Variants of this configuration, each built as its own toplevel (under `specialisation/<name>`) and given its own boot entry. A variant cannot have variants.",
      type: types.attrsOf(
        types.submodule({
          options: {
            inheritParentConfig: mkOption({
              type: types.bool,
              default: true,
              description: "Whether the variant starts from this configuration (true) or from the library's defaults alone (false).",
            }),
            configuration: mkOption({
              type: types.deferredModule,
              default: {},
              description: "The module that makes the variant: definitions added to (or replacing) the parent's.",
            }),
          },
        }),
      ),
    }),
  },
  config: (args) => {
    // Getters keep the build lazy: reading any other option never builds the system.
    let built: BuiltToplevel | undefined;
    const build = () => (built ??= composeToplevel(args));
    return {
      system: {
        build: {
          get toplevel() {
            return build().toplevel;
          },
          get keel() {
            return build();
          },
        },
      },
    };
  },
});

type ToplevelArgs = ModuleArgs<KeelConfig>;

function composeToplevel({ config, pkgs, extendModules, specialArgs }: ToplevelArgs): BuiltToplevel {
    const specialisations: Record<string, BuiltToplevel> = {};
    for (const [name, spec] of Object.entries(config.specialisation)) {
      // A variant's own variants are cleared with the strongest priority, as NixOS does.
      const noNesting = { specialisation: mkOverride(0, {}) };
      const child = spec.inheritParentConfig
        ? extendModules({ modules: [spec.configuration, noNesting] })
        : evalModules({ modules: [...libraryModules(), assertionsModule, spec.configuration, noNesting], specialArgs });
      checkAssertions(child);
      specialisations[name] = child.config.system.build.keel as BuiltToplevel;
    }

    const unitList = (set: typeof config.systemd.units): RenderedUnit[] =>
      Object.entries(set).map(([name, u]) => ({
        name,
        text: u.text,
        wantedBy: u.wantedBy,
        requiredBy: u.requiredBy,
        upheldBy: u.upheldBy,
        aliases: u.aliases,
        overrideStrategy: u.overrideStrategy,
      }));
    const units = unitList(config.systemd.units);
    const etc: EtcEntry[] = Object.values(config.environment.etc)
      .filter((e) => e.enable)
      .map((e) => ({
        target: e.target,
        // A text entry's source is derived from it (environment/etc.ts).
        source: String(e.source),
        mode: e.mode,
        user: e.user,
        group: e.group,
      }));
    const wrappers: WrapperSpec[] = Object.entries(config.security.wrappers).map(([name, w]) => ({ name, ...w }));
    const built = buildToplevel({
      hostName: config.networking.hostName,
      pkgs,
      kernel: config.boot.kernelPackage as never,
      kernelParams: config.boot.kernelParams,
      initrdModules: [...config.boot.initrd.kernelModules, ...config.boot.initrd.availableKernelModules],
      initrdFileSystems: bootFileSystems(config.fileSystems),
      packages: [...config.environment.basePackages, ...config.environment.systemPackages] as never,
      etc,
      units,
      defaultUnit: config.systemd.defaultUnit,
      users: config.users.activationSpec,
      wrappers,
      specialisations,
      userUnits: unitList(config.systemd.user.units),
      ...activationToplevelParts(config, pkgs),
      activatorSnapshotCpu: config.system.activatorSnapshot.emulatedCpu,
    });
    return built;
}

/** The library's modules, read at call time (this module is one of them). */
function libraryModules(): unknown[] {
  return libraryRef.modules;
}

export const libraryRef: { modules: unknown[] } = { modules: [] };
