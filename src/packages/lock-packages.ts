import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { type IndexRecord, readIndex } from "./archive-index.ts";
import { type SolverSuite, solveWithApt } from "./apt-solver.ts";
import { resolveCacheDir } from "./cache.ts";
import { fetchDebs } from "./deb-fetch.ts";
import { ResolveError } from "./errors.ts";
import { fetchPackagesIndex } from "./indices.ts";
import { linkDepends } from "./link-depends.ts";
import { hasLock, LOCK_VERSION, type Lock, type LockedPackage, readLock, writeLock } from "./lock.ts";
import { type MirrorConfig, resolveMirror, SUITES } from "./mirror.ts";
import { writePackageNames } from "./package-names.ts";
import { findPrograms, listDeb } from "./programs.ts";
import type { ProgressListener } from "./progress.ts";
import { fetchRelease, PACKAGES_INDEX, PACKAGES_INDEX_PLAIN, type Release } from "./release.ts";
import { suggest } from "./suggest.ts";

export interface LockPackagesOptions {
  repoDir: string;
  /** Packages to add to the lock's roots (the lock's existing roots are always kept). */
  names: string[];
  /** Move to the archive's current state; otherwise the pinned Release and indices are reused. */
  update?: boolean;
  /** Lock every `Essential: yes` package too; defaults to what the existing lock says. */
  essential?: boolean;
  /** A mirror URL (as `--mirror`), or a resolved config; default: env, then apt sources. */
  mirror?: string | MirrorConfig;
  cacheDir?: string;
  onProgress?: ProgressListener;
  /** Parallel downloads. */
  jobs?: number;
  /** Where the generated package-name type goes; `false` skips it. Default: Keel's own src/packages/generated when repoDir is Keel's checkout. */
  typesFile?: string | false;
}

/**
 * `rebuild lock`: verifies each suite's signed Release, fetches its verified Packages index, runs
 * apt's solver over roots (+ the Essential set), links each package's dependencies, downloads
 * every .deb into the cache to record the programs it ships, and writes keel.lock atomically.
 */
export async function lockPackages(options: LockPackagesOptions): Promise<Lock> {
  const existing = hasLock(options.repoDir) ? readLock(options.repoDir) : undefined;
  const roots = [...new Set([...(existing?.roots ?? []), ...options.names])].sort();
  const essential = options.essential ?? existing?.essential ?? false;
  if (roots.length === 0 && !essential) {
    throw new UsageError("nothing to lock: name packages (`rebuild lock htop`) or pass --essential.");
  }
  const mirror = typeof options.mirror === "object" ? options.mirror : resolveMirror(options.mirror);
  const cacheDir = resolveCacheDir(options.cacheDir);

  const suites: Array<SolverSuite & { release: Release; records: IndexRecord[] }> = [];
  for (const suite of SUITES) {
    const baseUrl = mirror.suites[suite];
    if (baseUrl === undefined) continue;
    const pinned = options.update ? undefined : existing?.suites[suite]?.release;
    const release = await fetchRelease({ suite, baseUrl, cacheDir, ...(pinned !== undefined ? { pinnedSha256: pinned } : {}) });
    const indexFile = await fetchPackagesIndex(release, baseUrl, cacheDir);
    suites.push({ suite, releaseFile: release.file, indexFile, release, records: await readIndex(indexFile, suite) });
  }

  const known = new Map<string, IndexRecord[]>();
  const virtual = new Set<string>();
  for (const s of suites) {
    for (const r of s.records) {
      const list = known.get(r.name) ?? [];
      list.push(r);
      known.set(r.name, list);
      for (const p of r.provides.split(",")) virtual.add(p.trim().split(/[\s(]/)[0] ?? "");
    }
  }
  for (const name of roots) {
    if (!known.has(name) && !virtual.has(name)) {
      const hint = suggest(name, known.keys());
      throw new ResolveError([name], `"${name}" is not a package in Debian bookworm (amd64, main).${hint.length ? ` Did you mean ${hint.map((h) => `"${h}"`).join(", ")}?` : ""}`);
    }
  }
  const essentialNames = essential ? [...known.values()].filter((rs) => rs.some((r) => r.essential)).map((rs) => (rs[0] as IndexRecord).name) : [];
  const selected = await solveWithApt(suites, [...new Set([...roots, ...essentialNames])].sort());

  const records = selected.map(({ name, version }) => {
    // Identical versions in several suites are the same file; prefer the newest suite's entry.
    const candidates = (known.get(name) ?? []).filter((r) => r.version === version);
    const record = candidates.sort((a, b) => SUITES.indexOf(b.suite) - SUITES.indexOf(a.suite))[0];
    if (!record) throw new ResolveError([name], `apt chose ${name} ${version}, which no verified index lists.`);
    return record;
  });
  const depends = linkDepends(records);
  const programs = await listPrograms(records, existing, mirror, cacheDir, options);

  const packages: Record<string, LockedPackage> = {};
  for (const r of records.sort((a, b) => a.name.localeCompare(b.name))) {
    packages[r.name] = {
      version: r.version,
      architecture: r.architecture,
      suite: r.suite,
      filename: r.filename,
      size: r.size,
      sha256: r.sha256,
      ...(r.essential ? { essential: true } : {}),
      depends: depends.get(r.name) ?? [],
      programs: programs.get(r.name) ?? [],
    };
  }
  const lock: Lock = {
    version: LOCK_VERSION,
    distribution: "debian",
    codename: "bookworm",
    architecture: "amd64",
    roots,
    essential,
    suites: Object.fromEntries(
      suites.map((s) => [
        s.suite,
        {
          release: s.release.sha256,
          date: s.release.date,
          ...(s.release.version !== undefined ? { version: s.release.version } : {}),
          indices: Object.fromEntries(
            [PACKAGES_INDEX, PACKAGES_INDEX_PLAIN].map((p) => [p, s.release.indices.get(p) ?? { sha256: "", size: 0 }]),
          ),
        },
      ]),
    ),
    packages,
  };
  writeLock(options.repoDir, lock);
  const typesFile = options.typesFile ?? defaultTypesFile(options.repoDir);
  if (typesFile) writePackageNames(typesFile, Object.keys(packages));
  return lock;
}

function defaultTypesFile(repoDir: string): string | false {
  const dir = join(repoDir, "src", "packages");
  return existsSync(join(dir, "index.ts")) ? join(dir, "generated", "package-names.ts") : false;
}

/** Programs per package: reused from the old lock for unchanged .debs, else read from the .deb. */
async function listPrograms(
  records: IndexRecord[],
  existing: Lock | undefined,
  mirror: MirrorConfig,
  cacheDir: string,
  options: LockPackagesOptions,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const missing: IndexRecord[] = [];
  for (const r of records) {
    const old = existing?.packages[r.name];
    if (old?.sha256 === r.sha256) out.set(r.name, old.programs);
    else missing.push(r);
  }
  const jobs = options.jobs ?? 8;
  const paths = await fetchDebs(missing, mirror, cacheDir, { jobs, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  for (const r of missing) out.set(r.name, findPrograms(await listDeb(paths.get(r.name) as string)));
  return out;
}
