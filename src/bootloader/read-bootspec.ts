import { existsSync, readFileSync, readdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { MalformedBootspecError } from "./errors.ts";

/** What an entry needs from a generation or specialisation (bootspec v1, reference §1.1). */
export interface BootTarget {
  toplevel: string;
  init: string;
  kernel: string;
  initrd?: string;
  kernelParams: string[];
  label: string;
  /** `org.nixos.systemd-boot`.sortKey, when the configuration set one. */
  sortKey?: string;
  /** Whether the configuration declares its root file system (`org.keel.rootFileSystem.v1`): its initrd then finds root without `root=`. */
  declaresRoot?: boolean;
}

export interface GenerationBootspec extends BootTarget {
  specialisations: Record<string, BootTarget>;
}

const core = z.object({
  init: z.string().min(1),
  initrd: z.string().min(1).optional(),
  kernel: z.string().min(1),
  kernelParams: z.array(z.string()),
  label: z.string(),
  system: z.string().optional(),
  toplevel: z.string().min(1),
});
const sdBoot = z.object({ sortKey: z.string().regex(/^[a-z0-9_.-]+$/i).optional() }).passthrough();

/** Keel's bootspec extension naming the configuration's root file system (written by src/system/toplevel.ts). */
export const ROOT_EXTENSION = "org.keel.rootFileSystem.v1";

type Doc = { core: z.infer<typeof core>; sortKey?: string; declaresRoot: boolean; specialisations: Record<string, unknown> };

function parseDocument(value: unknown, file: string, where: string): Doc {
  if (typeof value !== "object" || value === null) throw new MalformedBootspecError(file, `${where}is not an object`);
  const v = value as Record<string, unknown>;
  const c = core.safeParse(v["org.nixos.bootspec.v1"]);
  if (!c.success) {
    const issue = c.error.issues[0];
    const path = ["org.nixos.bootspec.v1", ...(issue?.path ?? [])].join(".");
    throw new MalformedBootspecError(file, `${where}${path}: ${issue?.message ?? "invalid"}`);
  }
  const ext = sdBoot.safeParse(v["org.nixos.systemd-boot"] ?? {});
  if (!ext.success) throw new MalformedBootspecError(file, `${where}org.nixos.systemd-boot.sortKey: letters, digits, '_', '.', '-' only`);
  const specs = v["org.nixos.specialisation.v1"] ?? {};
  if (typeof specs !== "object" || specs === null || Array.isArray(specs)) {
    throw new MalformedBootspecError(file, `${where}org.nixos.specialisation.v1 is not an object`);
  }
  const root = v[ROOT_EXTENSION];
  const declaresRoot = typeof root === "object" && root !== null;
  return { core: c.data, ...(ext.data.sortKey ? { sortKey: ext.data.sortKey } : {}), declaresRoot, specialisations: specs as Record<string, unknown> };
}

function targetOf(d: Doc): BootTarget {
  return {
    toplevel: d.core.toplevel,
    init: d.core.init,
    kernel: d.core.kernel,
    ...(d.core.initrd ? { initrd: d.core.initrd } : {}),
    kernelParams: d.core.kernelParams,
    label: d.core.label,
    ...(d.sortKey ? { sortKey: d.sortKey } : {}),
    ...(d.declaresRoot ? { declaresRoot: true } : {}),
  };
}

/** A specialisation name becomes part of a file name on FAT: keep it to safe characters. */
const SPECIALISATION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * The bootspec of the toplevel at `toplevel`. Old or hand-made toplevels without boot.json get one
 * synthesized from `kernel`, `initrd`, `kernel-params` and `init` (what NixOS's `synthesize` does).
 */
export function readGenerationBootspec(toplevel: string): GenerationBootspec {
  const file = join(toplevel, "boot.json");
  if (!existsSync(file)) return synthesize(toplevel);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new MalformedBootspecError(file, `malformed JSON: ${(error as Error).message}`);
  }
  const doc = parseDocument(json, file, "");
  const specialisations: Record<string, BootTarget> = {};
  for (const [name, child] of Object.entries(doc.specialisations)) {
    if (!SPECIALISATION_NAME.test(name)) throw new MalformedBootspecError(file, `specialisation name '${name}' has characters a boot entry file name cannot hold`);
    specialisations[name] = targetOf(parseDocument(child, file, `org.nixos.specialisation.v1.${name}: `));
  }
  return { ...targetOf(doc), specialisations };
}

function synthesize(toplevel: string): GenerationBootspec {
  const read = (name: string) => readFileSync(join(toplevel, name), "utf8").trim();
  const file = join(toplevel, "boot.json");
  if (!existsSync(join(toplevel, "kernel"))) throw new MalformedBootspecError(file, "no boot.json and no kernel to synthesize one from");
  const version = existsSync(join(toplevel, "keel-version")) ? read("keel-version") : "unknown";
  const params = existsSync(join(toplevel, "kernel-params")) ? read("kernel-params") : "";
  const specialisations: Record<string, BootTarget> = {};
  const specDir = join(toplevel, "specialisation");
  if (existsSync(specDir)) {
    for (const name of readdirNames(specDir)) {
      const child = realpathSync(join(specDir, name));
      const { specialisations: _, ...t } = readGenerationBootspec(child);
      specialisations[name] = t;
    }
  }
  return {
    toplevel,
    init: `${toplevel}/init`,
    kernel: realpathSync(join(toplevel, "kernel")),
    ...(existsSync(join(toplevel, "initrd")) ? { initrd: realpathSync(join(toplevel, "initrd")) } : {}),
    kernelParams: params === "" ? [] : params.split(/\s+/),
    label: `Keel ${version}`,
    specialisations,
  };
}

function readdirNames(dir: string): string[] {
  return readdirSync(dir).sort();
}
