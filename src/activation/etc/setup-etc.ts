import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { symlinkAtomic, tempSibling, writeFileAtomic } from "../../atomic-files.ts";
import { type EtcManifestEntry, readEtcEntries } from "./etc-manifest.ts";

/**
 * /etc activation, NixOS's setup-etc.pl: `/etc/static` is swapped atomically to the new
 * generation's etc tree; `/etc/<f>` is a link to `/etc/static/<f>` (so one rename switches every
 * file at once) or, where the entry has a `.mode` sidecar, a real copy tracked in `/etc/.clean`.
 * Files a person created in /etc are never touched.
 */
export interface EtcActivationResult {
  linked: string[];
  copied: string[];
  removed: string[];
  warnings: string[];
  /** Entries that could not be put in place; the others were (one bad entry stops nothing). */
  errors: string[];
}

export interface EtcActivationOptions {
  /** The machine's root, "/" on a live system (tests and `--root` use another). */
  root: string;
  /** The new generation's etc tree (`<etc derivation>/etc`). */
  etcTree: string;
  dryRun?: boolean;
  /** Resolves a user or group name for copied files' owners; `+N` values never reach it. */
  lookupId?: (kind: "user" | "group", name: string) => number | undefined;
}

function isStaticLink(path: string, etc: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && readlinkSync(path).startsWith(join(etc, "static"));
  } catch {
    return false;
  }
}

/** A directory is "static" when every leaf below it is a link into /etc/static: Keel made it. */
function isStaticDirectory(path: string, etc: string): boolean {
  for (const name of readdirSync(path)) {
    const child = join(path, name);
    const stat = lstatSync(child);
    if (stat.isDirectory() ? !isStaticDirectory(child, etc) : !isStaticLink(child, etc)) return false;
  }
  return true;
}

function parseId(value: string, kind: "user" | "group", options: EtcActivationOptions): number {
  if (value.startsWith("+")) return Number(value.slice(1));
  return options.lookupId?.(kind, value) ?? 0;
}

export function activateEtc(options: EtcActivationOptions): EtcActivationResult {
  const etc = join(options.root, "etc");
  const result: EtcActivationResult = { linked: [], copied: [], removed: [], warnings: [], errors: [] };
  const dry = options.dryRun ?? false;
  const staticLink = join(etc, "static");
  if (!dry) {
    mkdirSync(etc, { recursive: true });
    symlinkAtomic(options.etcTree, staticLink);
  }
  const newTree = options.etcTree;

  // Stale links: links into /etc/static whose entry vanished from the new tree.
  const removeStale = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path === staticLink) continue;
      const stat = lstatSync(path);
      if (stat.isDirectory()) removeStale(path);
      else if (isStaticLink(path, etc)) {
        const rel = readlinkSync(path).slice(staticLink.length + 1);
        const counterpart = join(newTree, rel);
        if (!existsSync(counterpart) || !lstatSync(counterpart).isSymbolicLink()) {
          result.removed.push(`/etc/${path.slice(etc.length + 1)}`);
          if (!dry) unlinkSync(path);
        }
      }
    }
  };
  removeStale(etc);

  const cleanFile = join(etc, ".clean");
  const oldCopied = existsSync(cleanFile) ? readFileSync(cleanFile, "utf8").split("\n").filter(Boolean) : [];
  const created = new Set<string>();
  // Directories made (or found) for entries so far: one mkdir per directory, not per entry.
  const madeDirs = new Set<string>();

  for (const entry of readEtcEntries(newTree)) {
    try {
      placeEntry(entry);
    } catch (error) {
      result.errors.push(`/etc/${entry.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function placeEntry(entry: EtcManifestEntry): void {
    const rel = entry.path;
    const target = join(etc, rel);
    created.add(rel);
    if (!dry && !madeDirs.has(dirname(target))) {
      mkdirSync(dirname(target), { recursive: true });
      madeDirs.add(dirname(target));
    }
    if (existsSync(target) && lstatSync(target).isDirectory() && !lstatSync(target).isSymbolicLink()) {
      if (isStaticDirectory(target, etc)) {
        if (!dry) rmSync(target, { recursive: true });
      } else {
        result.warnings.push(`/etc/${rel} is a directory with files not managed by Keel; leaving it alone`);
        return;
      }
    }
    if (entry.kind === "direct") {
      if (!dry) symlinkAtomic(entry.target, target);
      result.linked.push(rel);
    } else if (entry.kind === "copy") {
      if (!dry) {
        const temp = tempSibling(target);
        copyFileSync(join(staticLink, rel), temp);
        chownSync(temp, parseId(entry.user, "user", options), parseId(entry.group, "group", options));
        chmodSync(temp, Number.parseInt(entry.mode, 8));
        renameSync(temp, target);
      }
      result.copied.push(rel);
    } else {
      const want = join(staticLink, rel);
      const current = existsSync(target) || isSymlink(target) ? safeReadlink(target) : undefined;
      if (current !== want) {
        if (!dry) symlinkAtomic(want, target);
      }
      result.linked.push(rel);
    }
  }

  for (const rel of oldCopied) {
    if (created.has(rel)) continue;
    result.removed.push(`/etc/${rel}`);
    if (!dry) rmSync(join(etc, rel), { force: true });
  }
  if (!dry) {
    writeFileAtomic(cleanFile, result.copied.sort().map((f) => `${f}\n`).join(""));
    if (!existsSync(join(etc, "KEEL"))) writeFileSync(join(etc, "KEEL"), "");
  }
  return result;
}

function isSymlink(path: string): boolean {
  // No exception for a missing path: on a first boot every target is missing, and under emulation
  // building a hundred error objects is measurable.
  return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}

function safeReadlink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
