import type { UsersSpec } from "../activation/users/users-spec.ts";
import type { ActivationSpec, ActivationStepSpec, WrapperSpec } from "../activation/activation-spec.ts";
import { SWITCH_INHIBITORS_FILE } from "../activation/checks/switch-inhibitors.ts";
import { closureOf, type Package, type PackageSet } from "../packages/index.ts";
import type { Derivation } from "../store/index.ts";
import { bundleActivator } from "./activator-bundle.ts";
import { activatorSnapshot } from "./activator-snapshot.ts";
import { type BootspecDocument, bootspec, sortedJson } from "./bootspec.ts";
import { mergedUsrEnv } from "./builders/sw-builder.ts";
import { SELF, type ToplevelEntry, toplevelDerivation } from "./builders/toplevel-builder.ts";
import { debianCommandLine } from "./debian-exec.ts";
import { etcDerivation } from "./etc/etc-builder.ts";
import type { EtcEntry } from "./etc/etc-tree.ts";
import { initrdDerivation } from "./initrd/initrd-builder.ts";
import type { BootFileSystem } from "./initrd/initrd-file-systems.ts";
import { kernelImagePackage, kernelModulesTree, kernelVersionOf } from "./kernel.ts";
import { activateScript, stage2InitScript } from "./stage-2-init.ts";
import { switchToConfigurationScript } from "../activation/switch-script.ts";
import type { RenderedUnit } from "./units/unit-definition.ts";
import { unitsDirectory } from "./units/units-directory-builder.ts";
import { KEEL_VERSION } from "./version.ts";

/** Everything a toplevel is made of, as the modules-library's options give it. */
export interface ToplevelParts {
  hostName: string;
  pkgs: PackageSet;
  kernel: Package;
  kernelParams: string[];
  initrdModules: string[];
  /** File systems stage 1 mounts (`/` and the others needed for boot), parents first; none leaves root to `root=`. */
  initrdFileSystems?: BootFileSystem[];
  /** Packages of `sw/` (their dependency closures are added); plain derivations (compiled locales, say) are taken as they are. */
  packages: (Package | Derivation)[];
  etc: EtcEntry[];
  units: RenderedUnit[];
  defaultUnit: string;
  users: UsersSpec;
  wrappers: WrapperSpec[];
  specialisations: Record<string, BuiltToplevel>;
  /** Units of /etc/systemd/user (systemd.user.*). */
  userUnits?: RenderedUnit[];
  /** The activation's steps: built-ins and system.activationScripts, ordered (activation-spec.ts). */
  activationSteps?: ActivationStepSpec[];
  /** `<toplevel>/pre-switch-check`: system.preSwitchChecks as one script. */
  preSwitchCheck?: { name: string; text: string };
  /** system.switch.inhibitors, written as `<toplevel>/switch-inhibitors`. */
  switchInhibitors?: Record<string, string>;
  /** A QEMU CPU model the activator's snapshot is built for (the VM variant's TCG model); none: the build machine's CPU. */
  activatorSnapshotCpu?: string | null;
}

export interface BuiltToplevel {
  toplevel: Derivation;
  bootspec: BootspecDocument;
  /** The named parts, for `--dry-run`, tests and the bootloader. */
  parts: Record<string, Derivation>;
}

/** Builds (as derivations: nothing is realised here) a generation's toplevel, reference §1. */
export function buildToplevel(p: ToplevelParts): BuiltToplevel {
  const { pkgs } = p;
  const store = pkgs.store;
  const image = kernelImagePackage(p.kernel);
  const version = kernelVersionOf(image);
  // The kernel's modules with depmod's indexes go to /lib/modules through sw, for modprobe and udev.
  const kernelModules = kernelModulesTree(pkgs, image);
  const isPackage = (x: Package | Derivation): x is Package => "debName" in x && Array.isArray((x as Package).depends);
  const swPackages = closureOf(p.packages.filter(isPackage)).sort((a, b) => (a.debName < b.debName ? -1 : 1));
  const extras = p.packages.filter((x): x is Derivation => !isPackage(x));
  const sw = mergedUsrEnv(store, "system-path", [
    ...swPackages.map((pkg) => ({ label: `${pkg.debName} ${pkg.version}`, drv: pkg.drv })),
    ...[...new Map(extras.map((d) => [d.outPath, d])).values()].map((drv) => ({ label: drv.name, drv })),
    { label: kernelModules.name, drv: kernelModules },
  ]);
  const units = unitsDirectory(store, {
    units: p.units,
    sw,
    links: {
      "default.target": `/lib/systemd/system/${p.defaultUnit}`,
      "ctrl-alt-del.target": "/lib/systemd/system/reboot.target",
    },
  });
  // User units: upstream ones stay in the packages' lib/systemd/user (default.target comes from there).
  const userUnits = unitsDirectory(store, { units: p.userUnits ?? [], sw, links: {}, scope: "user" });
  const etc = etcDerivation(
    store,
    [
      ...p.etc,
      { target: "systemd/system", source: units.outPath, mode: "symlink", user: "root", group: "root" },
      { target: "systemd/user", source: userUnits.outPath, mode: "symlink", user: "root", group: "root" },
    ],
    swPackages.map((pkg) => ({ label: pkg.debName, drv: pkg.drv })),
  );
  const busybox = pkgs["busybox-static"];
  const initrd = initrdDerivation(store, { kernelModules, busybox: busybox.drv, modules: p.initrdModules, fileSystems: p.initrdFileSystems ?? [] });
  const activator = store.writeText("keel-activator.cjs", bundleActivator());
  const snapshot = activatorSnapshot(store, {
    nodejs: pkgs.nodejs,
    bundle: activator,
    ...(p.activatorSnapshotCpu ? { emulate: { cpu: p.activatorSnapshotCpu, qemuUser: pkgs["qemu-user"] } } : {}),
  });
  const activation: ActivationSpec = {
    version: 1,
    etc: `${etc.outPath}/etc`,
    users: p.users,
    systemdTmpfiles: pkgs.systemd.bin("systemd-tmpfiles"),
    wrappers: p.wrappers,
    ...(p.activationSteps ? { steps: p.activationSteps } : {}),
  };
  const kernelFile = image.path(`boot/vmlinuz-${version}`);
  // The boot loader reads this to know the initrd finds root by itself (no root= needed on the entry).
  const root = p.initrdFileSystems?.find((fs) => fs.mountPoint === "/");
  const doc = bootspec({
    kernel: kernelFile,
    initrd: `${initrd.outPath}/initrd`,
    kernelParams: p.kernelParams,
    label: `Keel ${KEEL_VERSION} (Linux ${version})`,
    specialisations: Object.fromEntries(Object.entries(p.specialisations).map(([name, s]) => [name, s.bootspec])),
    ...(root ? { extensions: { "org.keel.rootFileSystem.v1": { device: root.device, fsType: root.fsType } } } : {}),
  });

  const launch = { busybox: busybox.outPath, nodeCommand: debianCommandLine(store, pkgs.nodejs, "node"), bundle: activator.outPath, snapshot: snapshot.outPath };
  const entries: Record<string, ToplevelEntry> = {
    init: { text: stage2InitScript({ busybox: busybox.outPath, systemd: pkgs.systemd.outPath, storeDir: store.storeDir }), executable: true },
    activate: {
      text: activateScript({ ...launch }),
      executable: true,
    },
    "bin/switch-to-configuration": {
      text: switchToConfigurationScript({ ...launch, self: SELF }),
      executable: true,
    },
    "activation.json": { text: sortedJson(activation) },
    "boot.json": { text: sortedJson(doc) },
    kernel: { symlink: kernelFile },
    "kernel-modules": { symlink: kernelModules.outPath },
    initrd: { symlink: `${initrd.outPath}/initrd` },
    "kernel-params": { text: p.kernelParams.join(" ") },
    etc: { symlink: `${etc.outPath}/etc` },
    sw: { symlink: sw.outPath },
    systemd: { symlink: pkgs.systemd.outPath },
    system: { text: "x86_64-linux" },
    "keel-version": { text: KEEL_VERSION },
    "init-interface-version": { text: "systemd 2" },
  };
  if (p.preSwitchCheck) entries[p.preSwitchCheck.name] = { text: p.preSwitchCheck.text, executable: true };
  if (p.switchInhibitors) entries[SWITCH_INHIBITORS_FILE] = { text: sortedJson(p.switchInhibitors) };
  for (const [name, child] of Object.entries(p.specialisations)) {
    entries[`specialisation/${name}`] = { symlink: child.toplevel.outPath };
  }
  const name = `keel-system-${p.hostName || "unnamed"}-${KEEL_VERSION}`;
  const toplevel = toplevelDerivation(store, name, entries);
  // The bootspec handed to a parent names this toplevel's real path, not the placeholder.
  const resolved = JSON.parse(JSON.stringify(doc).replaceAll(SELF, toplevel.outPath)) as BootspecDocument;
  return { toplevel, bootspec: resolved, parts: { sw, etc, units, userUnits, kernelModules, initrd, activator, activatorSnapshot: snapshot } };
}
