/**
 * Every user-facing sentence of the module system, in NixOS's shapes (nixpkgs lib/modules.nix,
 * lib/options.nix, lib/types.nix), so error texts stay a tested contract in one place.
 */
import { prettyValue, showOption } from "./pretty.ts";

export { showOption } from "./pretty.ts";

export interface FileValue {
  readonly file: string;
  readonly value: unknown;
}

export function showFiles(files: readonly string[]): string {
  return files.map((f) => `\`${f}'`).join(" and ");
}

/** `showDefs`: one "- In `file'" line per definition, values cut to five lines. */
export function showDefs(defs: readonly FileValue[]): string {
  return defs
    .map((d) => {
      let text: string;
      try {
        text = prettyValue(d.value);
      } catch {
        return `\n- In \`${d.file}'`;
      }
      const lines = text.split("\n");
      if (lines.length === 1) return `\n- In \`${d.file}': ${text}`;
      const shown = lines.slice(0, 5).map((l) => `    ${l}`);
      if (lines.length > 5) shown.push("    ...");
      return `\n- In \`${d.file}':\n${shown.join("\n")}`;
    })
    .join("");
}

const PRIORITY_HINT = "Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.";

export const msg = {
  unknownOption: (loc: readonly string[], defs: readonly FileValue[], suggestions: readonly string[], extra: string) =>
    `The option \`${showOption(loc)}' does not exist. Definition values:${showDefs(defs)}${didYouMean(suggestions)}${extra}`,
  noOptionsAtTop: "\n\nIt seems as if you're trying to declare an option by placing it into `config' rather than `options'!",
  noOptionsInSub: (prefix: readonly string[]) =>
    `\n\nHowever there are no options defined in \`${showOption(prefix)}'. Are you sure you've declared your options properly? This can happen if you e.g. declared your options in \`types.submodule'\nunder \`config' rather than \`options'.`,
  typeMismatch: (loc: readonly string[], description: string, defs: readonly FileValue[]) =>
    `A definition for option \`${showOption(loc)}' is not of type \`${description}'. Definition values:${showDefs(defs)}`,
  typeErrorV2: (loc: readonly string[], description: string, message: string) =>
    `A definition for option \`${showOption(loc)}' is not of type \`${description}'. TypeError: ${message}`,
  definitionValues: (defs: readonly FileValue[]) => `Definition values:${showDefs(defs)}`,
  neither: (loc: readonly string[], a: string, b: string, defs: readonly FileValue[]) =>
    `The option \`${showOption(loc)}\` is neither a value of type \`${a}\` nor \`${b}\`, Definition values:${showDefs(defs)}`,
  noValue: (loc: readonly string[]) =>
    `The option \`${showOption(loc)}' was accessed but has no value defined. Try setting the option.`,
  conflicting: (loc: readonly string[], defs: readonly FileValue[]) =>
    `The option \`${showOption(loc)}' has conflicting definition values:${showDefs(defs)}\n${PRIORITY_HINT}`,
  notUnique: (loc: readonly string[], message: string, defs: readonly FileValue[]) =>
    `The option \`${showOption(loc)}' is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${showDefs(defs)}\n${PRIORITY_HINT}`,
  cannotMerge: (loc: readonly string[], defs: readonly FileValue[]) =>
    `Cannot merge definitions of \`${showOption(loc)}'. Definition values:${showDefs(defs)}`,
  conflictingTypes: (loc: readonly string[], files: readonly string[]) =>
    `The option \`${showOption(loc)}' has conflicting option types in ${showFiles(files)}`,
  nullAndNotNull: (loc: readonly string[], files: readonly string[]) =>
    `The option \`${showOption(loc)}\` is defined both null and not null, in ${showFiles(files)}.`,
  alreadyDeclared: (loc: readonly string[], file: string, files: readonly string[]) =>
    `The option \`${showOption(loc)}' in \`${file}' is already declared in ${showFiles(files)}.`,
  notNestable: (loc: readonly string[], file: string, description: string, children: readonly { loc: readonly string[]; file: string }[]) =>
    `The option \`${showOption(loc)}' in module \`${file}' would be a parent of the following options, but its type \`${description}' does not support nested options.\n${children
      .map((c) => ` - option(s) with prefix \`${showOption(c.loc)}' in module \`${c.file}'`)
      .join("\n")}`,
  notAnOptionDecl: (file: string, loc: readonly string[], tag: string) =>
    `In module ${file}: expected an option declaration at option path \`${showOption(loc)}\` but got an attribute set with type ${tag}${
      tag === "option-type"
        ? "\n\nDid you mean to define this option? Wrap the type in `mkOption({ type: ... })` to declare an option."
        : ""
    }`,
  declNotAttrs: (loc: readonly string[], t: string) =>
    `An option declaration for \`${showOption(loc)}' has type\n\`${t}' rather than an attribute set.\nDid you mean to define this outside of \`options'?`,
  defNotAttrs: (file: string, t: string, loc: readonly string[]) =>
    `In module \`${file}', you're trying to define a value of type \`${t}'\nrather than an attribute set for the option\n\`${showOption(loc)}'!\n\nThis usually happens if \`${showOption(loc)}' has option definitions inside that are not matched. Please check how to properly define this option by e.g. referring to \`rebuild options ${showOption(loc)}'.`,
  readOnly: (loc: readonly string[], defs: readonly FileValue[]) =>
    `The option \`${showOption(loc)}' is read-only, but it's set multiple times. Definition values:${showDefs(defs)}`,
  mkIfNotBool: (file: string, loc: readonly string[]) =>
    `‘mkIf’ called with a non-Boolean condition (in a definition of \`${showOption(loc)}' from \`${file}').`,
  unsupportedAttr: (key: string, bad: readonly string[]) =>
    `Module \`${key}' has an unsupported attribute \`${bad[0]}'. This is caused by introducing a top-level \`config' or \`options' attribute. Add configuration attributes immediately on the top level instead, or move all of them (namely: ${bad.join(" ")}) into the explicit \`config' attribute.`,
  notAModule: (file: string, key: string) => `module ${file} (${key}) does not look like a module.`,
  nestedImports: (defs: readonly FileValue[]) =>
    `Module imports can't be nested lists. Perhaps you meant to remove one level of lists? Definitions:${showDefs(defs)}`,
  expectedModule: (tag: string, file: string) =>
    `Expected a module, but found a value of type "${tag}", while trying to load a module into ${file}.\nA module is typically loaded by adding it to the \`imports = [ ... ];\` attribute of an existing module, or in the \`modules\` argument of evalModules.`,
  wrongClass: (file: string, c: string, expected: string) =>
    `The module \`${file}\` (class: ${JSON.stringify(c)}) cannot be imported into a module evaluation that expects class ${JSON.stringify(expected)}.\n\nHelp: Ensure that you are only importing modules that are designed for ${JSON.stringify(expected)}.`,
  disabledNoKey: (file: string) =>
    `Module \`${file}\` contains a disabledModules item that is an attribute set, presumably a module, that does not have a \`key\` attribute. This means that the module system doesn't have any means to identify the module that should be disabled. Make sure that you've put the correct value in disabledModules: a string path relative to modulesPath, a path value, or an attribute set with a \`key\` attribute.`,
  disabledBadType: (file: string, t: string) =>
    `Each disabledModules item must be a path, string, or a attribute set with a key attribute, or a value supported by toString. However, one of the disabledModules items in \`${file}\` is none of that, but is of type ${t}.`,
  pathImport: (file: string, path: string) =>
    `In module \`${file}', the import ${JSON.stringify(path)} is a path: Keel modules are values; import the file with an ES \`import\` and list the imported module instead.`,
  infiniteRecursion: (chain: readonly (readonly string[])[]) =>
    `infinite recursion encountered while evaluating the option \`${showOption(chain[0] ?? [])}':\n  ${chain.map((l) => showOption(l)).join(" -> ")}`,
  structureDependsOnConfig: (file: string, added: readonly string[], removed: readonly string[]) =>
    `infinite recursion encountered: the set of options defined in \`${file}' depends on option values (${[
      ...added.map((a) => `defines \`${a}' only sometimes`),
      ...removed.map((r) => `drops \`${r}' sometimes`),
    ].join(", ")}). Define options unconditionally and put the condition in \`mkIf(condition, { ... })\`.`,
  structureIsValue: (file: string, loc: readonly string[]) =>
    `infinite recursion encountered: in \`${file}', the attribute set defined at \`${showOption(loc) || "config"}' is computed from option values, so the options it defines cannot be known. Use \`mkIf(condition, { ... })\` instead of computing the attribute names from \`config\`.`,
  importsFromConfig: (file: string) =>
    `infinite recursion encountered: a module imported from \`${file}' is computed from \`config' (or a module argument that comes from it). Modules are collected before any option has a value: import unconditionally, and use \`mkEnableOption' and \`mkIf' to control the module's effect.`,
  noConvergence: (file: string, loc: readonly string[]) =>
    `infinite recursion encountered: the definitions in \`${file}' of \`${showOption(loc)}' depend on themselves and do not settle on a value.`,
  failedAssertions: (messages: readonly string[]) => `Failed assertions:\n${messages.map((m) => `- ${m}`).join("\n")}`,
  hostNotFound: (name: string, dir: string, hosts: readonly string[]) =>
    `No host named \`${name}' (expected ${dir}/default.ts). ${hosts.length > 0 ? `Hosts in this repository: ${hosts.join(", ")}.` : "This repository has no hosts yet: create hosts/<name>/default.ts."}`,
  hostNotAModule: (file: string) =>
    `${file} must default-export a host module: \`export default defineHost({ ... })\`.`,
  renamedUnknownTarget: (to: readonly string[]) => `Renaming error: option \`${showOption(to)}' does not exist.`,
  removedOption: (path: readonly string[], instructions: string) =>
    `The option \`${showOption(path)}' can no longer be used since it's been removed. ${instructions}`,
  removedDefined: (path: readonly string[], files: readonly string[], instructions: string) =>
    `The option definition \`${showOption(path)}' in ${showFiles(files)} no longer has any effect; please remove it.\n${instructions}\n`,
  renamedWarning: (from: readonly string[], files: readonly string[], to: readonly string[]) =>
    `The option \`${showOption(from)}' defined in ${showFiles(files)} has been renamed to \`${showOption(to)}'.`,
  changedWarning: (from: readonly string[], files: readonly string[], to: readonly string[]) =>
    `The option \`${showOption(from)}' defined in ${showFiles(files)} has been changed to \`${showOption(to)}' that has a different type. Please read \`${showOption(to)}' documentation and update your configuration accordingly.`,
};

export function didYouMean(s: readonly string[]): string {
  if (s.length === 0) return "";
  if (s.length === 1) return `\n\nDid you mean \`${s[0]}'?`;
  const quoted = s.map((x) => `\`${x}'`);
  return `\n\nDid you mean ${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}?`;
}

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Up to three closest names (nixpkgs `checkUnmatched`): no threshold below 100 candidates. */
export function suggestNames(bad: string, candidates: readonly string[]): string[] {
  const sorted = [...candidates].sort();
  const scored = sorted.map((c) => ({ c, d: levenshtein(bad, c) }));
  const pool = sorted.length < 100 ? scored : scored.filter((x) => x.d <= 2);
  return pool
    .sort((x, y) => x.d - y.d)
    .slice(0, 3)
    .map((x) => x.c);
}
