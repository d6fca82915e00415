import { KeelError } from "../../src/errors.ts";

/**
 * nixpkgs' `lib.generators.toGitINI`: `{ url."https://x/".insteadOf = "gh:"; }` becomes
 * `[url "https://x/"]` with a tab-indented `insteadOf = "gh:"`. Nested attribute names are
 * joined with dots, and a section name with a dot becomes `section "subsection"`; strings are
 * quoted with git's escapes, lists repeat the key, sections and keys are sorted as Nix sorts
 * attribute names.
 */
export class GitIniValueError extends KeelError {
  readonly code = "git-ini-value";
}

type Value = string | number | boolean;

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sectionName(name: string): string {
  const [section, ...subsections] = name.split(".");
  if (name.includes('"') || subsections.length === 0) return name;
  return `${section} "${subsections.join(".")}"`;
}

function valueString(path: string, v: unknown): string {
  if (typeof v === "string") return `"${v.replace(/[\n\t"\\]/g, (c) => ({ "\n": "\\n", "\t": "\\t", '"': '\\"', "\\": "\\\\" })[c] ?? c)}"`;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" && Number.isInteger(v)) return String(v);
  throw new GitIniValueError(`${path}: ${JSON.stringify(v) ?? String(v)} cannot be written to a git config file (use a string, an integer, a boolean, or a list of them).`);
}

/** `{ a.b.c = v; }` → sections by dotted name: { "a.b": { c: v } } (nixpkgs' gitFlattenAttrs). */
function flatten(attrs: Record<string, unknown>): Map<string, Map<string, unknown>> {
  const sections = new Map<string, Map<string, unknown>>();
  const walk = (path: string[], value: unknown) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value) && !("outPath" in value)) {
      for (const [k, v] of Object.entries(value)) walk([...path, k], v);
      return;
    }
    if (path.length < 2) throw new GitIniValueError(`${path.join(".")}: a git config value needs a section (write \`{ ${path[0]} = { key = ...; }; }\`).`);
    const section = path.slice(0, -1).join(".");
    const keys = sections.get(section) ?? new Map<string, unknown>();
    keys.set(path[path.length - 1] as string, value);
    sections.set(section, keys);
  };
  walk([], attrs);
  return sections;
}

/** One git config file's text from nested attributes (throws GitIniValueError on a value git cannot hold). */
export function toGitIni(attrs: Record<string, unknown>): string {
  const sections = [...flatten(attrs)].sort(([a], [b]) => byName(a, b));
  return sections
    .map(([name, keys]) => {
      const lines = [...keys]
        .sort(([a], [b]) => byName(a, b))
        .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => `\t${key} = ${valueString(`${name}.${key}`, v as Value)}\n`));
      return `[${sectionName(name)}]\n${lines.join("")}`;
    })
    .join("\n");
}
