/** Writing and checking the generated option types file (src/modules/generated/options.ts). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../atomic-files.ts";
import { assertionsModule } from "./assertions-module.ts";
import { renderGeneratedFile } from "./dts.ts";
import { evalModules } from "./eval-modules.ts";
import { loadLibraryModules } from "./load-host.ts";
import { makePoison } from "./poison.ts";

export const GENERATED_TYPES_PATH = join("src", "modules", "generated", "options.ts");

/**
 * Renders the option types of `allModules` + assertionsModule. Only declarations are read;
 * `pkgs` is a placeholder that accepts any use, so no package set is needed.
 */
export async function generateOptionTypes(repoDir: string): Promise<string> {
  const modules = await loadLibraryModules(repoDir);
  const ev = evalModules({ modules: [...modules, assertionsModule], specialArgs: { pkgs: makePoison({ kind: "structure" }) } });
  return renderGeneratedFile(ev.evaluation);
}

/** Regenerates the file; returns whether it changed. */
export async function writeOptionTypes(repoDir: string): Promise<boolean> {
  const text = await generateOptionTypes(repoDir);
  const path = join(repoDir, GENERATED_TYPES_PATH);
  let old = "";
  try {
    old = readFileSync(path, "utf8");
  } catch {
    old = "";
  }
  if (old === text) return false;
  await writeFileAtomic(path, text);
  return true;
}
