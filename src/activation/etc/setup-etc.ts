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

const sidecars = [".mode", ".uid", ".gid"];

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

function walk(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const relPath = rel ? `${rel}/${name}` : name;
    const stat = lstatSync(path);
    if (stat.isDirectory()) out.push(...walk(path, relPath));
    else out.push(relPath);
  }
  return out;
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

  for (const rel of walk(newTree)) {
    if (sidecars.some((s) => rel.endsWith(s))) continue;
    try {
      placeEntry(rel);
    } catch (error) {
      result.errors.push(`/etc/${rel}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function placeEntry(rel: string): void {
    const target = join(etc, rel);
    const source = join(newTree, rel);
    created.add(rel);
    if (!dry) mkdirSync(dirname(target), { recursive: true });
    if (existsSync(target) && lstatSync(target).isDirectory() && !lstatSync(target).isSymbolicLink()) {
      if (isStaticDirectory(target, etc)) {
        if (!dry) rmSync(target, { recursive: true });
      } else {
        result.warnings.push(`/etc/${rel} is a directory with files not managed by Keel; leaving it alone`);
        return;
      }
    }
    const modeFile = `${source}.mode`;
    if (existsSync(modeFile)) {
      const mode = readFileSync(modeFile, "utf8").trim();
      if (mode === "direct-symlink") {
        if (!dry) symlinkAtomic(readlinkSync(source), target);
        result.linked.push(rel);
        return;
      }
      if (!dry) {
        const temp = tempSibling(target);
        copyFileSync(join(staticLink, rel), temp);
        const uid = parseId(readFileSync(`${source}.uid`, "utf8").trim(), "user", options);
        const gid = parseId(readFileSync(`${source}.gid`, "utf8").trim(), "group", options);
        chownSync(temp, uid, gid);
        chmodSync(temp, Number.parseInt(mode, 8));
        renameSync(temp, target);
      }
      result.copied.push(rel);
    } else if (lstatSync(source).isSymbolicLink()) {
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
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function safeReadlink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
