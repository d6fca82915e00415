/** Nix-style pretty printing of definition values, for messages (nixpkgs `lib.generators.toPretty`). */
import { poisonOf } from "./poison.ts";

const BARE = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;
const KEYWORDS = new Set(["assert", "else", "if", "in", "inherit", "let", "or", "rec", "then", "with"]);

function showName(name: string): string {
  return BARE.test(name) && !KEYWORDS.has(name) ? name : JSON.stringify(name).replace(/\$/g, "\\$");
}

export function prettyValue(v: unknown, indent = "", depth = 0): string {
  if (depth > 10) return "<unevaluated>";
  if (poisonOf(v)) return "<unevaluated>";
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : JSON.stringify(v);
  if (typeof v === "bigint") return String(v);
  if (typeof v === "string") {
    if (v.includes("\n")) {
      const inner = v
        .split("\n")
        .map((l) => (l === "" ? "" : `${indent}  ${l}`))
        .join("\n");
      return `''\n${inner}''`;
    }
    return JSON.stringify(v).replace(/\$\{/g, "\\${");
  }
  if (typeof v === "function") return "<function>";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[ ]";
    const next = `${indent}  `;
    return `[\n${v.map((x) => next + prettyValue(x, next, depth + 1)).join("\n")}\n${indent}]`;
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o._type === "option-type") return `<type ${String(o.description)}>`;
    if (typeof o.outPath === "string" && typeof o.name === "string") return `<derivation ${o.name}>`;
    const keys = Object.keys(o);
    if (keys.length === 0) return "{ }";
    const next = `${indent}  `;
    const lines = keys.map((k) => {
      let inner: string;
      try {
        inner = prettyValue(o[k], next, depth + 1);
      } catch {
        inner = "<error>";
      }
      return `${next}${showName(k)} = ${inner};`;
    });
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return String(v);
}

/** `showOption`: path parts joined by ".", odd names quoted as JSON. */
export function showOption(loc: readonly string[]): string {
  return loc.map((p) => (p === "*" || (p.startsWith("<") && p.endsWith(">")) ? p : showName(p))).join(".");
}
