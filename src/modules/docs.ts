/** Option documentation: one record per visible option, and a Markdown manual (reference §14). */
import type { Evaluated } from "./eval-modules.ts";
import { showOption } from "./messages.ts";
import { prettyValue } from "./pretty.ts";
import { isAttrs } from "./values.ts";
import type { OptionType } from "./types/core.ts";

export interface OptionDoc {
  /** Dotted name, e.g. `services.openssh.enable` (`<name>` / `*` inside attrsOf / listOf). */
  readonly name: string;
  readonly loc: readonly string[];
  readonly type: string;
  readonly description: string;
  readonly default?: string;
  readonly example?: string;
  readonly declarations: readonly string[];
  readonly readOnly: boolean;
  readonly internal: boolean;
}

/** Renders a default/example: literalExpression / literalMD text as is, values as JSON-ish text. */
export function renderDocValue(v: unknown): string {
  if (isAttrs(v) && (v._type === "literalExpression" || v._type === "literalMD")) return String(v.text);
  try {
    const json = JSON.stringify(v);
    if (json !== undefined && !json.includes("\\u0000")) return json;
  } catch {
    // not JSON: fall through to the Nix-style printer
  }
  return prettyValue(v);
}

interface Rec {
  _type: "option";
  loc: readonly string[];
  type: OptionType;
  description?: string;
  default?: unknown;
  defaultText?: unknown;
  example?: unknown;
  declarations: readonly string[];
  readOnly?: boolean;
  internal?: boolean;
  visible?: boolean | "shallow" | "transparent";
}

function walk(view: unknown, out: OptionDoc[], includeInternal: boolean, depth: number): void {
  if (!isAttrs(view) || depth > 12) return;
  for (const key of Object.keys(view).sort()) {
    const child = view[key];
    if (!isAttrs(child)) continue;
    if (child._type !== "option") {
      if (!(depth === 0 && key === "_module")) walk(child, out, includeInternal, depth);
      continue;
    }
    const rec = child as unknown as Rec;
    const visible = rec.visible ?? true;
    if (visible === false) continue;
    const internal = rec.internal === true;
    if (visible !== "transparent" && (includeInternal || !internal)) out.push(toDoc(rec));
    if (visible !== "shallow" && rec.type.getSubOptions) {
      let subs: unknown;
      try {
        subs = rec.type.getSubOptions(rec.loc);
      } catch {
        subs = undefined;
      }
      walk(subs, out, includeInternal, depth + 1);
    }
  }
}

function toDoc(rec: Rec): OptionDoc {
  let def: string | undefined;
  if ("defaultText" in rec) def = renderDocValue(rec.defaultText);
  else if ("default" in rec) def = renderDocValue(rec.default);
  else if (rec.type.name !== "submodule") {
    const empty = rec.type.emptyValue();
    if (empty) def = renderDocValue(empty.value);
  }
  return {
    name: showOption(rec.loc),
    loc: rec.loc,
    type: rec.type.description ?? "unspecified",
    description: rec.description ?? "",
    ...(def !== undefined ? { default: def } : {}),
    ...("example" in rec ? { example: renderDocValue(rec.example) } : {}),
    declarations: rec.declarations.filter((d) => d !== "<unknown-file>"),
    readOnly: rec.readOnly === true,
    internal: rec.internal === true,
  };
}

/** Every visible, non-internal option of an evaluation (sub-options of submodules included). */
export function optionDocs(evaluated: Evaluated, opts: { includeInternal?: boolean } = {}): OptionDoc[] {
  const out: OptionDoc[] = [];
  walk(evaluated.evaluation.optionsView(), out, opts.includeInternal ?? false, 0);
  return out;
}

/** Options whose name or description contains every word of `query` (case-insensitive). */
export function searchOptionDocs(docs: readonly OptionDoc[], query: string): OptionDoc[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return docs.filter((d) => words.every((w) => d.name.toLowerCase().includes(w) || d.description.toLowerCase().includes(w)));
}

export function renderOptionsMarkdown(docs: readonly OptionDoc[]): string {
  const parts = ["# Configuration options", ""];
  for (const d of docs) {
    parts.push(`## \`${d.name}\``, "");
    if (d.description) parts.push(d.description, "");
    parts.push(`*Type:* ${d.type}${d.readOnly ? " (read only)" : ""}`, "");
    if (d.default !== undefined) parts.push(`*Default:* ${fence(d.default)}`, "");
    if (d.example !== undefined) parts.push(`*Example:* ${fence(d.example)}`, "");
    if (d.declarations.length > 0) parts.push(`*Declared by:* ${d.declarations.map((f) => `\`${f}\``).join(", ")}`, "");
  }
  return parts.join("\n");
}

function fence(text: string): string {
  return text.includes("\n") ? `\n\n\`\`\`\n${text}\n\`\`\`` : `\`${text}\``;
}

/** Plain-text listing for a terminal: one block per option. */
export function formatOptionDocs(docs: readonly OptionDoc[]): string {
  if (docs.length === 0) return "No options match.\n";
  return docs
    .map((d) =>
      [
        d.name,
        `  type: ${d.type}`,
        ...(d.default !== undefined ? [`  default: ${d.default.split("\n").join("\n    ")}`] : []),
        ...(d.description ? [`  ${d.description.split("\n").join("\n  ")}`] : []),
        ...(d.declarations.length > 0 ? [`  declared in: ${d.declarations.join(", ")}`] : []),
      ].join("\n"),
    )
    .join("\n\n")
    .concat("\n");
}
