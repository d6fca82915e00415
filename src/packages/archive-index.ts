import { readFile } from "node:fs/promises";
import type { Suite } from "./mirror.ts";

/** One binary package as a suite's Packages index describes it. */
export interface IndexRecord {
  name: string;
  version: string;
  architecture: string;
  suite: Suite;
  filename: string;
  size: number;
  sha256: string;
  essential: boolean;
  preDepends: string;
  depends: string;
  provides: string;
}

/** One alternative of a Depends clause: `name[:arch] [(op version)]`. */
export interface Relation {
  name: string;
  op?: string;
  version?: string;
}

const WANTED = new Set(["Package", "Version", "Architecture", "Filename", "Size", "SHA256", "Essential", "Pre-Depends", "Depends", "Provides"]);

/**
 * Reads a decompressed Packages index. Hand-rolled rather than the generic deb822 parser: the
 * bookworm index is 50 MB and only ten single-line fields matter here.
 */
export async function readIndex(path: string, suite: Suite): Promise<IndexRecord[]> {
  const text = await readFile(path, "utf8");
  const records: IndexRecord[] = [];
  let fields = new Map<string, string>();
  const flush = () => {
    const name = fields.get("Package");
    if (name !== undefined) {
      records.push({
        name,
        version: fields.get("Version") ?? "",
        architecture: fields.get("Architecture") ?? "",
        suite,
        filename: fields.get("Filename") ?? "",
        size: Number(fields.get("Size") ?? 0),
        sha256: fields.get("SHA256") ?? "",
        essential: fields.get("Essential") === "yes",
        preDepends: fields.get("Pre-Depends") ?? "",
        depends: fields.get("Depends") ?? "",
        provides: fields.get("Provides") ?? "",
      });
    }
    fields = new Map();
  };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line === "") {
      flush();
      continue;
    }
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    if (WANTED.has(key)) fields.set(key, line.slice(colon + 1).trim());
  }
  flush();
  return records;
}

/** Splits a Depends-style field into clauses of alternatives. */
export function parseRelations(field: string): Relation[][] {
  if (field.trim() === "") return [];
  return field.split(",").map((clause) =>
    clause.split("|").map((alt) => {
      const match = /^\s*([^\s:(]+)(?::\S+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?/.exec(alt);
      if (!match) return { name: alt.trim() };
      const [, name = "", op, version] = match;
      return op !== undefined && version !== undefined ? { name, op, version } : { name };
    }),
  );
}
