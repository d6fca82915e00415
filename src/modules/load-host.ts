/**
 * Loading a host: `hosts/<name>/default.ts` evaluated with every module of modules-library and the
 * assertions module, as NixOS evaluates a configuration with its whole module list.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { assertionsModule } from "./assertions-module.ts";
import { evalModules, type Evaluated } from "./eval-modules.ts";
import { HostNotFoundError, InvalidModuleError } from "./errors.ts";
import { msg } from "./messages.ts";
import { displayPath } from "./source-file.ts";
import { isAttrs, isFunction } from "./values.ts";
import { optionDocs, type OptionDoc } from "./docs.ts";
import { makePoison } from "./poison.ts";

export interface LoadHostOptions {
  specialArgs?: Record<string, unknown>;
  /** Modules evaluated together with the host's (a variant of a host, in tests and tools). */
  extraModules?: readonly unknown[];
}

/** Host names: folders of `hosts/` holding a default.ts. */
export function listHosts(repoDir: string): string[] {
  const dir = join(repoDir, "hosts");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "default.ts")))
    .map((e) => e.name)
    .sort();
}

/** `allModules` of `${repoDir}/modules-library/index.ts` (none if the file does not exist). */
export async function loadLibraryModules(repoDir: string): Promise<unknown[]> {
  const file = resolve(repoDir, "modules-library", "index.ts");
  if (!existsSync(file)) return [];
  const mod = (await import(pathToFileURL(file).href)) as { allModules?: unknown };
  if (!Array.isArray(mod.allModules)) {
    throw new InvalidModuleError(`${displayPath(file)} must export \`allModules\`, an array of modules.`, { files: [displayPath(file)] });
  }
  return mod.allModules;
}

export async function loadHost(repoDir: string, hostName: string, opts: LoadHostOptions = {}): Promise<Evaluated> {
  const dir = resolve(repoDir, "hosts", hostName);
  const file = join(dir, "default.ts");
  if (hostName === "" || hostName.includes("/") || !existsSync(file)) {
    const hosts = listHosts(repoDir);
    throw new HostNotFoundError(msg.hostNotFound(hostName, displayPath(dir), hosts), hostName, hosts);
  }
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  const host = mod.default;
  if (!isAttrs(host) && !isFunction(host)) {
    throw new InvalidModuleError(msg.hostNotAModule(displayPath(file)), { files: [displayPath(file)] });
  }
  // A plain-object host without defineHost still blames its own file.
  const tagged = isAttrs(host) && typeof host._file === "string" ? host : { _file: displayPath(file), imports: [host] };
  const library = await loadLibraryModules(repoDir);
  return evalModules({ modules: [...library, assertionsModule, tagged, ...(opts.extraModules ?? [])], specialArgs: opts.specialArgs ?? {} });
}

/**
 * The options a repository declares: the library's (+ assertions), or a host's whole evaluation.
 * Only declarations are read, so `pkgs` is a placeholder unless given.
 */
export async function loadOptionDocs(repoDir: string, host?: string, opts: LoadHostOptions = {}): Promise<OptionDoc[]> {
  if (host !== undefined) return optionDocs(await loadHost(repoDir, host, opts));
  const library = await loadLibraryModules(repoDir);
  const specialArgs = { pkgs: makePoison({ kind: "structure" }), ...opts.specialArgs };
  return optionDocs(evalModules({ modules: [...library, assertionsModule], specialArgs }));
}
