import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { copyFileAtomic, fsyncDir, removeStaleTemps, writeFileAtomic } from "../atomic-files.ts";
import { type EntryFileName, entryFileName, KERNELS_DIR, parseEntryFileName } from "./entry-names.ts";
import type { LoaderOptions } from "./loader-options.ts";
import type { BootPlan } from "./plan.ts";

export interface ApplyReport {
  /** Entry file names (with any boot counter) now on the ESP, in plan order. */
  entries: { id: string; file: string; generation: number; specialisation?: string }[];
  written: string[];
  removed: string[];
  copied: string[];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Our entry files on the ESP by id (lower-cased: FAT and systemd-boot fold case). */
function existingEntries(dir: string): Map<string, { file: string; parsed: EntryFileName }[]> {
  const byId = new Map<string, { file: string; parsed: EntryFileName }[]>();
  for (const file of readdirSync(dir).sort()) {
    const parsed = parseEntryFileName(file);
    if (!parsed) continue;
    const key = parsed.id.toLowerCase();
    byId.set(key, [...(byId.get(key) ?? []), { file, parsed }]);
  }
  return byId;
}

/**
 * Makes the ESP match the plan, in an order that keeps it bootable if the process dies at any
 * point: kernels and initrds first (an entry never names a file that is not whole), then entries,
 * then loader.conf, and only then the removal of stale entries and of files no entry names.
 */
export function applyBootPlan(esp: string, plan: BootPlan, options: LoaderOptions): ApplyReport {
  const report: ApplyReport = { entries: [], written: [], removed: [], copied: [] };
  const loaderDir = join(esp, "loader");
  const entriesDir = join(loaderDir, "entries");
  const kernelsDir = join(esp, KERNELS_DIR);
  for (const dir of [entriesDir, kernelsDir]) mkdirSync(dir, { recursive: true });
  for (const dir of [loaderDir, entriesDir, kernelsDir]) for (const t of removeStaleTemps(dir)) report.removed.push(join(dir, t));

  for (const [name, source] of plan.files) {
    const dest = join(kernelsDir, name);
    // The name is a content hash, so an existing file of the right size is this content.
    if (existsSync(dest) && statSync(dest).size === statSync(source).size) continue;
    copyFileAtomic(source, dest, { syncDir: false });
    report.copied.push(`${KERNELS_DIR}/${name}`);
  }
  fsyncDir(kernelsDir);

  const existing = existingEntries(entriesDir);
  for (const entry of plan.entries) {
    const found = existing.get(entry.id.toLowerCase()) ?? [];
    // An existing file keeps its name: its counter is systemd-boot's and systemd-bless-boot's state.
    const keep = found[0];
    const file = keep?.file ?? entryFileName(entry.id, options.bootCounting.enable && entry.current ? { left: options.bootCounting.tries } : undefined);
    if (readText(join(entriesDir, file)) !== entry.text) {
      writeFileAtomic(join(entriesDir, file), entry.text, { syncDir: false });
      report.written.push(`loader/entries/${file}`);
    }
    for (const dup of found.slice(1)) {
      rmSync(join(entriesDir, dup.file), { force: true });
      report.removed.push(`loader/entries/${dup.file}`);
    }
    report.entries.push({ id: entry.id, file, generation: entry.generation, ...(entry.specialisation !== undefined ? { specialisation: entry.specialisation } : {}) });
  }
  fsyncDir(entriesDir);

  const loaderConf = join(loaderDir, "loader.conf");
  if (readText(loaderConf) !== plan.loaderConf) {
    writeFileAtomic(loaderConf, plan.loaderConf, { syncDir: false });
    report.written.push("loader/loader.conf");
  }
  fsyncDir(loaderDir);

  const wanted = new Set(plan.entries.map((e) => e.id.toLowerCase()));
  for (const [id, files] of existing) {
    if (wanted.has(id)) continue;
    for (const { file } of files) {
      rmSync(join(entriesDir, file), { force: true });
      report.removed.push(`loader/entries/${file}`);
    }
  }
  fsyncDir(entriesDir);

  for (const name of readdirSync(kernelsDir)) {
    if (plan.files.has(name) || !lstatSync(join(kernelsDir, name)).isFile()) continue;
    rmSync(join(kernelsDir, name), { force: true });
    report.removed.push(`${KERNELS_DIR}/${name}`);
  }
  fsyncDir(kernelsDir);
  // syncfs() of the ESP, as NixOS's builder ends: FAT has no journal, so flush it as a whole.
  spawnSync("sync", ["--file-system", esp], { stdio: "ignore" });
  return report;
}
