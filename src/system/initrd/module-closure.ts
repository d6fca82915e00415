import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { KeelError } from "../../errors.ts";

export class UnknownKernelModuleError extends KeelError {
  readonly code = "unknown-kernel-module";
  constructor(
    readonly module: string,
    readonly kernelVersion: string,
  ) {
    super(
      `The kernel module \`${module}' is not part of kernel ${kernelVersion} (neither a loadable module nor built in).\n` +
        "Check boot.initrd.kernelModules and boot.initrd.availableKernelModules for a typo.",
    );
  }
}

/** Module names treat "-" and "_" alike, as modprobe does. */
export function normaliseModuleName(name: string): string {
  return name.replace(/-/g, "_");
}

function moduleNameOf(path: string): string {
  return normaliseModuleName(basename(path).replace(/\.ko(\.(xz|zst|gz))?$/, ""));
}

/** The single `lib/modules/<version>` directory of a kernel modules tree. */
export function kernelVersionIn(modulesRoot: string): string {
  const versions = readdirSync(join(modulesRoot, "lib/modules"));
  if (versions.length !== 1) throw new Error(`expected one kernel version under ${modulesRoot}/lib/modules, found ${versions.join(", ")}`);
  return versions[0]!;
}

export interface ModuleIndex {
  version: string;
  /** module name → path relative to lib/modules/<version> */
  paths: Map<string, string>;
  /** path → the paths it depends on */
  depends: Map<string, string[]>;
  builtin: Set<string>;
  /** module name → modules to load before it (modules.softdep "pre:"), names or aliases */
  softPre: Map<string, string[]>;
  /** exact alias → module names (modules.alias), e.g. crypto-crc32c → crc32c_generic */
  aliases: Map<string, string[]>;
}

/** Reads depmod's modules.dep and modules.builtin of a modules tree. */
export function readModuleIndex(modulesRoot: string): ModuleIndex {
  const version = kernelVersionIn(modulesRoot);
  const dir = join(modulesRoot, "lib/modules", version);
  const paths = new Map<string, string>();
  const depends = new Map<string, string[]>();
  for (const line of readFileSync(join(dir, "modules.dep"), "utf8").split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const path = line.slice(0, colon);
    paths.set(moduleNameOf(path), path);
    depends.set(path, line.slice(colon + 1).trim().split(/\s+/).filter(Boolean));
  }
  const builtinFile = join(dir, "modules.builtin");
  const builtin = new Set(
    existsSync(builtinFile) ? readFileSync(builtinFile, "utf8").split("\n").filter(Boolean).map(moduleNameOf) : [],
  );
  const softPre = new Map<string, string[]>();
  for (const line of readOptional(join(dir, "modules.softdep"))) {
    const match = /^softdep\s+(\S+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const pre = /pre:\s*([^:]*?)(\s+post:.*)?$/.exec(match[2]!)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
    if (pre.length > 0) softPre.set(normaliseModuleName(match[1]!), pre);
  }
  const aliases = new Map<string, string[]>();
  for (const line of readOptional(join(dir, "modules.alias"))) {
    const match = /^alias\s+(\S+)\s+(\S+)$/.exec(line);
    if (!match || /[*?[]/.test(match[1]!)) continue;
    aliases.set(match[1]!, [...(aliases.get(match[1]!) ?? []), normaliseModuleName(match[2]!)]);
  }
  return { version, paths, depends, builtin, softPre, aliases };
}

function readOptional(path: string): string[] {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n") : [];
}

/**
 * The module files to load for `names`, dependencies first: the order insmod needs, since the
 * initrd has no modprobe database to consult.
 */
export function moduleLoadOrder(index: ModuleIndex, names: string[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    // Soft dependencies (ext4 wants crc32c first) are optional: load them when the kernel has them.
    for (const soft of index.softPre.get(moduleNameOf(path)) ?? []) {
      for (const name of [soft, ...(index.aliases.get(soft) ?? [])]) {
        const softPath = index.paths.get(normaliseModuleName(name));
        if (softPath) visit(softPath);
      }
    }
    for (const dep of index.depends.get(path) ?? []) visit(dep);
    order.push(path);
  };
  for (const name of names) {
    const normal = normaliseModuleName(name);
    const path = index.paths.get(normal);
    if (path) visit(path);
    else if (!index.builtin.has(normal)) throw new UnknownKernelModuleError(name, index.version);
  }
  return order;
}
