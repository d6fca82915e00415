/** Finds the source file of the code that called `defineModule`, without the user writing it. */
import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const FRAME = /\(?((?:file:\/\/)?\/[^():]+(?::[^():]+)*?):\d+:\d+\)?$/;

/** The first stack frame outside `skipFile`, as a path relative to the working directory when inside it. */
export function callerFile(skipFiles: readonly string[]): string {
  const stack = new Error().stack ?? "";
  for (const line of stack.split("\n").slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith("file://")) file = fileURLToPath(file);
    if (file.endsWith("/src/modules/source-file.ts") || skipFiles.some((s) => file.endsWith(s))) continue;
    if (file.startsWith("node:") || file.includes(`${sep}node_modules${sep}`)) continue;
    return displayPath(file);
  }
  return "<unknown-file>";
}

export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}
