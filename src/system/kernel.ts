import { KeelError } from "../errors.ts";
import type { Package, PackageSet } from "../packages/index.ts";
import type { Derivation } from "../store/index.ts";
import { debianCommandLine } from "./debian-exec.ts";

export class KernelPackageError extends KeelError {
  readonly code = "kernel-package";
}

/**
 * The versioned image package behind a kernel choice: `linux-image-amd64` is a metapackage
 * depending on `linux-image-6.1.0-N-amd64`, which holds the kernel and its modules.
 */
export function kernelImagePackage(kernel: Package): Package {
  const isImage = (p: Package) => /^linux-image-\d/.test(p.debName);
  if (isImage(kernel)) return kernel;
  const image = kernel.depends.find(isImage);
  if (!image) throw new KernelPackageError(`${kernel.debName} is neither a linux-image-<version> package nor depends on one.`);
  return image;
}

/** `6.1.0-56-amd64` from `linux-image-6.1.0-56-amd64`: the lib/modules directory and vmlinuz suffix. */
export function kernelVersionOf(image: Package): string {
  return image.debName.replace(/^linux-image-/, "");
}

/**
 * The kernel's modules with depmod's indexes (Debian generates them in the postinst, which Keel
 * never runs). A tree of links to the package's modules, so it costs almost no space.
 */
export function kernelModulesTree(pkgs: PackageSet, image: Package): Derivation {
  const version = kernelVersionOf(image);
  const depmod = debianCommandLine(pkgs.store, pkgs.kmod, "depmod");
  return pkgs.runCommand(`kernel-modules-${version}`, {
    inputs: [image],
    script: [
      "mkdir -p $out/lib/modules",
      `cp -rs ${image.path(`lib/modules/${version}`)} $out/lib/modules/`,
      "find $out -type d -exec chmod u+w {} +",
      `${depmod} -b $out ${version}`,
    ].join("\n"),
  });
}
