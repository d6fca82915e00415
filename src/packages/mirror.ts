import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { field, parseStanzas } from "./deb822.ts";
import { MirrorNotFoundError } from "./errors.ts";

/** The suites Keel pins, in apt's priority order (security fixes and point updates on top of the release). */
export const SUITES = ["bookworm", "bookworm-updates", "bookworm-security"] as const;
export type Suite = (typeof SUITES)[number];

/** Where each pinned suite is fetched from: the archive base URL (holding `dists/` and `pool/`). */
export interface MirrorConfig {
  suites: Partial<Record<Suite, string>>;
  /** Where the answer came from, for messages. */
  origin: string;
}

export interface AptSource {
  uri: string;
  suites: string[];
  components: string[];
  file: string;
}

export interface ResolveMirrorOptions {
  env?: NodeJS.ProcessEnv;
  /** Root of the apt configuration (tests point this at a fixture). */
  aptEtc?: string;
}

/**
 * The mirror per suite: `flag`, else $KEEL_DEBIAN_MIRROR, else the machine's apt sources. An
 * explicit mirror replaces the URL of the main archive suites (bookworm, bookworm-updates); the
 * security suite lives in a separate archive on every Debian mirror network, so it keeps the apt
 * sources' URL when one is configured, and is fetched from `<mirror>-security` otherwise
 * (the layout Debian's own mirrors use).
 */
export function resolveMirror(flag?: string, options: ResolveMirrorOptions = {}): MirrorConfig {
  const env = options.env ?? process.env;
  const aptEtc = options.aptEtc ?? "/etc/apt";
  const sources = readAptSources(aptEtc);
  const fromApt: Partial<Record<Suite, string>> = {};
  for (const source of sources) {
    if (!source.components.includes("main")) continue;
    for (const suite of source.suites) {
      if ((SUITES as readonly string[]).includes(suite) && fromApt[suite as Suite] === undefined) {
        fromApt[suite as Suite] = trimSlash(source.uri);
      }
    }
  }
  const override = flag ?? env.KEEL_DEBIAN_MIRROR;
  if (override !== undefined && override !== "") {
    const base = trimSlash(override);
    return {
      suites: {
        bookworm: base,
        "bookworm-updates": base,
        "bookworm-security": fromApt["bookworm-security"] ?? `${base}-security`,
      },
      origin: flag !== undefined ? "--mirror" : "KEEL_DEBIAN_MIRROR",
    };
  }
  if (fromApt.bookworm === undefined) {
    throw new MirrorNotFoundError([...new Set(sources.map((s) => s.file))].concat(sourceFiles(aptEtc).length ? [] : [aptEtc]));
  }
  return { suites: fromApt, origin: "apt sources" };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function sourceFiles(aptEtc: string): string[] {
  const files: string[] = [];
  const list = join(aptEtc, "sources.list");
  try {
    readFileSync(list);
    files.push(list);
  } catch {
    // No one-line sources.list: deb822 files only, as on fresh bookworm containers.
  }
  try {
    for (const name of readdirSync(join(aptEtc, "sources.list.d")).sort()) {
      if (name.endsWith(".sources") || name.endsWith(".list")) files.push(join(aptEtc, "sources.list.d", name));
    }
  } catch {
    // No sources.list.d directory.
  }
  return files;
}

/** Every binary (`deb`) source in apt's configuration, both formats. */
export function readAptSources(aptEtc = "/etc/apt"): AptSource[] {
  const out: AptSource[] = [];
  for (const file of sourceFiles(aptEtc)) {
    const text = readFileSync(file, "utf8");
    if (file.endsWith(".sources")) out.push(...parseDeb822Sources(text, file));
    else out.push(...parseOneLineSources(text, file));
  }
  return out;
}

export function parseDeb822Sources(text: string, file: string): AptSource[] {
  const out: AptSource[] = [];
  for (const stanza of parseStanzas(text)) {
    const types = (field(stanza, "Types") ?? "").split(/\s+/);
    if (!types.includes("deb")) continue;
    if ((field(stanza, "Enabled") ?? "yes").toLowerCase() === "no") continue;
    const words = (name: string) => (field(stanza, name) ?? "").split(/\s+/).filter((w) => w !== "");
    for (const uri of words("URIs")) {
      out.push({ uri, suites: words("Suites"), components: words("Components"), file });
    }
  }
  return out;
}

export function parseOneLineSources(text: string, file: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") continue;
    // `deb [opt=val ...] uri suite component...`: options are bracketed and may contain spaces.
    const match = /^(deb|deb-src)\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (match?.[1] !== "deb") continue;
    const [, , uri = "", suite = "", rest = ""] = match;
    out.push({ uri, suites: [suite], components: rest.split(/\s+/).filter((w) => w !== ""), file });
  }
  return out;
}
