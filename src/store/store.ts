import { lstatSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Builder, Fetcher, RealiseEvent } from "./builder.ts";
import { buildEnvBuilder } from "./builders/build-env.ts";
import { copyPathBuilder } from "./builders/copy-path.ts";
import { checkEntryName, type DirectoryArgEntry, directoryBuilder } from "./builders/directory.ts";
import { existingBuilder } from "./builders/existing.ts";
import { fetchUrlBuilder } from "./builders/fetch-url.ts";
import { runCommandBuilder } from "./builders/run-command.ts";
import { textBuilder } from "./builders/text.ts";
import { canonicalJson } from "./canonical-json.ts";
import { type PathInfo, StoreDatabase } from "./database.ts";
import { defaultFetcher } from "./default-fetcher.ts";
import { Derivation, type FixedOutputMode } from "./derivation.ts";
import { CopyPathError, DuplicateBuilderError, PathNotValidError, RootLinkError, UnknownBuilderError } from "./errors.ts";
import { symlinkAtomic } from "../atomic-files.ts";
import { type GcOptions, type GcReport, collectGarbage } from "./gc.ts";
import { addIndirectRoot } from "./gc-roots.ts";
import { resolveMentions } from "./input-discovery.ts";
import { narHash } from "./nar.ts";
import { plan, type RealiseOptions, realise } from "./realise.ts";
import { parseStorePath, resolveStateDir, resolveStoreDir } from "./store-dirs.ts";
import { type VerifyReport, verifyStore } from "./verify.ts";
import { whyDepends } from "./why-depends.ts";

/** One entry of `Store.directory`: a text file, a symlink, or a copy of (a file inside) a store path. */
export type DirEntry =
  | { readonly text: string; readonly mode?: number }
  | { readonly symlink: string }
  | { readonly source: Derivation | string; readonly mode?: number };

export interface OpenStoreOptions {
  readonly storeDir?: string;
  readonly stateDir?: string;
  /**
   * Links outside the state dir that are GC roots when they exist. Default: /run/current-system
   * and /run/booted-system; tests point them into temp dirs.
   */
  readonly systemRoots?: readonly string[];
}

export const DEFAULT_SYSTEM_ROOTS = ["/run/current-system", "/run/booted-system"] as const;

/** Opens (creating if needed) a store and its state dir. */
export function openStore(opts: OpenStoreOptions = {}): Store {
  return new Store(resolveStoreDir(opts.storeDir), resolveStateDir(opts.stateDir), opts.systemRoots ?? DEFAULT_SYSTEM_ROOTS);
}

/**
 * A content-addressed store: derivation constructors (pure: they compute paths and build
 * nothing), realisation, queries, roots, verification and garbage collection.
 */
export class Store {
  readonly db: StoreDatabase;
  private readonly builders = new Map<string, Builder>();
  /** Every derivation made in this process, by hash: how interpolated path strings find their derivation. */
  private readonly known = new Map<string, Derivation>();
  private fetchImpl: Fetcher = defaultFetcher;

  constructor(
    readonly storeDir: string,
    readonly stateDir: string,
    readonly systemRoots: readonly string[] = DEFAULT_SYSTEM_ROOTS,
  ) {
    mkdirSync(storeDir, { recursive: true });
    mkdirSync(stateDir, { recursive: true });
    this.db = new StoreDatabase(stateDir, storeDir);
    this.db.init();
    for (const b of [textBuilder, directoryBuilder, buildEnvBuilder, copyPathBuilder, runCommandBuilder, fetchUrlBuilder, existingBuilder]) this.registerBuilder(b);
  }

  // ---- builders and derivations ----

  registerBuilder(b: Builder): void {
    if (this.builders.has(b.kind)) throw new DuplicateBuilderError(b.kind);
    this.builders.set(b.kind, b);
  }

  builderFor(kind: string): Builder {
    const b = this.builders.get(kind);
    if (!b) throw new UnknownBuilderError(kind);
    return b;
  }

  get fetcher(): Fetcher {
    return this.fetchImpl;
  }

  /** Replaces the downloader used by fixed-output fetches (src/packages: mirrors, cache, progress). */
  setFetcher(fetch: Fetcher): void {
    this.fetchImpl = fetch;
  }

  /**
   * The general constructor. Inputs are `inputs` plus every store path mentioned anywhere in
   * `args` (resolved through this process's derivations, then the store's valid paths).
   */
  derivation(opts: {
    kind: string;
    name: string;
    args: unknown;
    inputs?: readonly Derivation[];
    fixedOutputSha256?: string;
    fixedOutputMode?: FixedOutputMode;
    local?: unknown;
  }): Derivation {
    const builder = this.builderFor(opts.kind);
    const where = `the arguments of derivation '${opts.name}' (${opts.kind})`;
    // Explicit inputs win over lookups, and become known here: they may come from another Store
    // object on the same dirs, and a wrapper of their present path could not rebuild them.
    const explicit = new Map((opts.inputs ?? []).map((d) => [d.hash, this.remember(d)] as const));
    const mentioned = resolveMentions(this.storeDir, canonicalJson(opts.args ?? null), where, (h) => explicit.get(h) ?? this.lookupHash(h));
    const drv = new Derivation({
      kind: opts.kind,
      version: builder.version,
      name: opts.name,
      args: opts.args,
      inputs: [...explicit.values(), ...mentioned],
      storeDir: this.storeDir,
      ...(opts.fixedOutputSha256 !== undefined ? { fixedOutputSha256: opts.fixedOutputSha256 } : {}),
      ...(opts.fixedOutputMode !== undefined ? { fixedOutputMode: opts.fixedOutputMode } : {}),
      ...(opts.local !== undefined ? { local: opts.local } : {}),
    });
    return this.remember(drv);
  }

  writeText(name: string, text: string, opts: { executable?: boolean } = {}): Derivation {
    return this.derivation({ kind: "text", name, args: { text, executable: opts.executable ?? false } });
  }

  writeScript(name: string, text: string): Derivation {
    return this.writeText(name, text, { executable: true });
  }

  directory(name: string, entries: Record<string, DirEntry>): Derivation {
    const args: Record<string, DirectoryArgEntry> = {};
    for (const [entry, spec] of Object.entries(entries)) {
      checkEntryName(name, entry);
      if ("source" in spec) {
        const source = typeof spec.source === "string" ? spec.source : spec.source.outPath;
        parseStorePath(this.storeDir, source);
        args[entry] = { source, ...(spec.mode !== undefined ? { mode: spec.mode } : {}) };
      } else args[entry] = spec;
    }
    return this.derivation({ kind: "directory", name, args: { entries: args } });
  }

  buildEnv(name: string, paths: readonly Derivation[], opts: { pathsToLink?: string[]; ignoreCollisions?: boolean; extraPrefix?: string } = {}): Derivation {
    return this.derivation({
      kind: "build-env",
      name,
      inputs: paths,
      args: {
        paths: paths.map((p) => p.outPath),
        pathsToLink: opts.pathsToLink ?? ["/"],
        ignoreCollisions: opts.ignoreCollisions ?? false,
        extraPrefix: opts.extraPrefix ?? "",
      },
    });
  }

  /** A copy of a local file or tree, addressed by its NAR hash (taken now, checked again when copied). */
  copyPath(name: string, localPath: string): Derivation {
    const source = resolve(localPath);
    let sha256: string;
    try {
      lstatSync(source);
      sha256 = narHash(source).sha256;
    } catch (error) {
      throw new CopyPathError(source, (error as Error).message);
    }
    return this.derivation({ kind: "copy", name, args: null, fixedOutputSha256: sha256, fixedOutputMode: "recursive", local: source });
  }

  runCommand(name: string, opts: { script: string; env?: Record<string, string>; inputs?: readonly Derivation[] }): Derivation {
    return this.derivation({ kind: "run-command", name, inputs: opts.inputs ?? [], args: { script: opts.script, env: opts.env ?? {} } });
  }

  fetchUrl(opts: { name: string; urls: readonly string[]; sha256: string }): Derivation {
    return this.derivation({ kind: "fetchurl", name: opts.name, args: { urls: opts.urls }, fixedOutputSha256: opts.sha256, fixedOutputMode: "flat" });
  }

  /** A derivation standing for a path (or a file inside one) that is already valid. */
  fromPath(path: string): Derivation {
    const parsed = parseStorePath(this.storeDir, path);
    const hit = this.lookupHash(parsed.hash);
    if (!hit) throw new PathNotValidError(parsed.storePath);
    return hit;
  }

  private lookupHash(hash: string): Derivation | undefined {
    const known = this.known.get(hash);
    if (known) return known;
    const info = this.db.getByHash(hash);
    if (!info || !this.isValid(info.path)) return undefined;
    const { name } = parseStorePath(this.storeDir, info.path);
    return this.remember(new Derivation({ kind: "existing", version: 1, name, args: { path: info.path }, inputs: [], storeDir: this.storeDir, existingHash: hash }));
  }

  private remember(drv: Derivation): Derivation {
    const prior = this.known.get(drv.hash);
    // A real recipe replaces a stand-in for its present path: it can rebuild the path after GC.
    if (prior && !(prior.kind === "existing" && drv.kind !== "existing")) return prior;
    this.known.set(drv.hash, drv);
    return drv;
  }

  // ---- realisation ----

  plan(drvs: readonly Derivation[]): { toBuild: Derivation[]; toFetch: Derivation[]; present: Derivation[] } {
    return plan(this, drvs);
  }

  realise(drvs: Derivation | readonly Derivation[], opts?: RealiseOptions & { onEvent?: (e: RealiseEvent) => void }): Promise<string[]> {
    return realise(this, Array.isArray(drvs) ? drvs : [drvs as Derivation], opts);
  }

  // ---- queries ----

  /** Registered and present: the only paths the store admits to. */
  isValid(path: string): boolean {
    if (!this.db.get(path)) return false;
    try {
      lstatSync(path);
      return true;
    } catch {
      return false;
    }
  }

  queryPathInfo(path: string): PathInfo | undefined {
    return this.isValid(path) ? this.db.get(path) : undefined;
  }

  /** The paths and everything they reference, transitively; sorted. Invalid paths are errors. */
  closure(paths: readonly string[]): string[] {
    const seen = new Set<string>();
    const stack = [...paths];
    while (stack.length) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      const info = this.db.get(p);
      if (!info) throw new PathNotValidError(p);
      seen.add(p);
      for (const r of info.references) if (!seen.has(r)) stack.push(r);
    }
    return [...seen].sort();
  }

  // ---- roots, verification, GC ----

  /** Points `linkPath` (e.g. ./result) at `target` atomically and registers it as an indirect GC root. */
  addRoot(linkPath: string, target: string): void {
    const parsed = parseStorePath(this.storeDir, target);
    if (!this.isValid(parsed.storePath)) throw new PathNotValidError(parsed.storePath);
    const existing = lstatSync(linkPath, { throwIfNoEntry: false });
    if (existing && !existing.isSymbolicLink()) throw new RootLinkError(resolve(linkPath));
    symlinkAtomic(target, resolve(linkPath));
    addIndirectRoot(this.stateDir, resolve(linkPath));
  }

  verify(): Promise<VerifyReport> {
    return verifyStore(this);
  }

  gc(opts: GcOptions = {}): Promise<GcReport> {
    return collectGarbage(this, opts);
  }

  whyDepends(a: string, b: string, opts: { all?: boolean } = {}): string[][] {
    return whyDepends(this, a, b, opts);
  }
}
