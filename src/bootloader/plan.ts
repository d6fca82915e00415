import { existsSync } from "node:fs";
import { relative, isAbsolute } from "node:path";
import { BrokenGenerationError } from "./errors.ts";
import { entryId } from "./entry-names.ts";
import { defaultEntryPattern, renderEntry, renderLoaderConf } from "./entry-text.ts";
import type { SystemGeneration } from "./generations.ts";
import { KernelFileNamer } from "./kernel-files.ts";
import type { LoaderOptions } from "./loader-options.ts";
import { type BootTarget, readGenerationBootspec } from "./read-bootspec.ts";

export interface PlannedEntry {
  id: string;
  generation: number;
  specialisation?: string;
  text: string;
  /** Entries of the profile's current generation are new boot targets: they get a boot counter when created. */
  current: boolean;
}

/** The ESP as it should be: computed (and every input checked) before anything is written. */
export interface BootPlan {
  /** ESP file name under EFI/keel → source file. */
  files: Map<string, string>;
  entries: PlannedEntry[];
  loaderConf: string;
  /** The `default` line's value. */
  defaultPattern: string;
  /** Entries that cannot find their root file system (no fileSystems."/" in their configuration, no root=). */
  warnings: string[];
}

export interface PlanInput {
  generations: SystemGeneration[];
  storeDir: string;
  options: LoaderOptions;
  rootParams: string[];
  machineId?: string;
}

function inside(dir: string, path: string): boolean {
  const r = relative(dir, path);
  return r !== "" && !r.startsWith("..") && !isAbsolute(r);
}

export function planBootEntries(input: PlanInput): BootPlan {
  const namer = new KernelFileNamer();
  const files = new Map<string, string>();
  const entries: PlannedEntry[] = [];
  const warnings: string[] = [];
  const current = input.generations.find((g) => g.current) ?? input.generations.at(-1)!;
  const newest = Math.max(...input.generations.map((g) => g.number));

  for (const gen of input.generations) {
    if (!inside(input.storeDir, gen.toplevel)) {
      throw new BrokenGenerationError(gen.link, `its toplevel ${gen.toplevel} is not in the store (${input.storeDir})`);
    }
    const spec = readGenerationBootspec(gen.toplevel);
    const add = (target: BootTarget, specialisation?: string) => {
      const place = (path: string, what: string) => {
        if (!existsSync(path)) throw new BrokenGenerationError(gen.link, `its ${what} ${path} does not exist`);
        const f = namer.nameOf(path);
        files.set(f.name, f.source);
        return f.name;
      };
      if (!target.declaresRoot && ![...target.kernelParams, ...input.rootParams].some((p) => p.startsWith("root="))) {
        warnings.push(
          `generation ${gen.number}${specialisation !== undefined ? ` (specialisation ${specialisation})` : ""} declares no fileSystems."/" and its entry has no root= parameter: it would not find its root file system at boot. Declare fileSystems."/" in the configuration, or pass --root-param root=<device>.`,
        );
      }
      const kernelFile = place(target.kernel, specialisation ? `specialisation ${specialisation}'s kernel` : "kernel");
      const initrdFile = target.initrd ? place(target.initrd, specialisation ? `specialisation ${specialisation}'s initrd` : "initrd") : undefined;
      entries.push({
        id: entryId(gen.number, specialisation),
        generation: gen.number,
        ...(specialisation !== undefined ? { specialisation } : {}),
        current: gen === current,
        text: renderEntry({
          generation: gen.number,
          ...(specialisation !== undefined ? { specialisation } : {}),
          target,
          builtOn: gen.time,
          kernelFile,
          ...(initrdFile ? { initrdFile } : {}),
          rootParams: input.rootParams,
          ...(input.machineId ? { machineId: input.machineId } : {}),
        }),
      });
    };
    add(spec);
    for (const name of Object.keys(spec.specialisations).sort()) add(spec.specialisations[name]!, name);
  }
  const defaultPattern = defaultEntryPattern(current.number, newest);
  return { files, entries, loaderConf: renderLoaderConf(input.options, defaultPattern), defaultPattern, warnings };
}
