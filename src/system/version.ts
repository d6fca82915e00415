import { readFileSync } from "node:fs";

/** Keel's version (package.json), recorded in every toplevel as `keel-version`. */
export const KEEL_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
