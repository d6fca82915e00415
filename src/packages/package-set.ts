import type { Derivation, Store } from "../store/index.ts";
import { resolveCacheDir } from "./cache.ts";
import { DEB_UNPACK_KIND, debUnpackBuilder } from "./deb-builder.ts";
import { debUrls } from "./deb-fetch.ts";
import { PackageNotLockedError } from "./errors.ts";
import { findProgram } from "./find-program.ts";
import type { LockedPackageName } from "./generated/package-names.ts";
import type { Lock, LockedPackage } from "./lock.ts";
import { type MirrorConfig, resolveMirror } from "./mirror.ts";
import type { ProgressListener } from "./progress.ts";
import { createStoreFetcher } from "./store-fetcher.ts";
import { suggest } from "./suggest.ts";

/**
 * A locked Debian package: the store derivation that unpacks its .deb (so `${pkg}` is its store
 * path), plus what the lock knows about it. `version` is the Debian version.
 */
export interface Package extends Omit<Derivation, "version"> {
  readonly debName: string;
  readonly version: string;
  readonly architecture: string;
  readonly essential: boolean;
  /** The lock-resolved Pre-Depends and Depends, as packages of the same set. */
  readonly depends: readonly Package[];
  /** Executables the package ships, relative to its root (from the lock). */
  readonly programs: readonly string[];
  /** The fetched .deb (a fixed-output derivation). */
  readonly deb: Derivation;
  /** The plain store derivation (for store APIs typed on Derivation). */
  readonly drv: Derivation;
  /** Absolute path of a program: `bin("sshd")` → `<out>/usr/sbin/sshd`; a relative path with a slash is taken as is. */
  bin(program: string): string;
  /** `<out>/<rel>`, without checking that the file exists. */
  path(rel: string): string;
}

type Input = Derivation | Package;

/** nixpkgs-style trivial builders bound to the set's store. */
export interface TrivialBuilders {
  writeText(name: string, text: string): Derivation;
  writeScript(name: string, text: string): Derivation;
  /** A `#!/bin/sh` script: the target's /bin/sh (dash, from the system's sw tree). */
  writeShellScript(name: string, text: string): Derivation;
  buildEnv(name: string, paths: Input[], opts?: { pathsToLink?: string[]; ignoreCollisions?: boolean; extraPrefix?: string }): Derivation;
  runCommand(name: string, opts: { script: string; env?: Record<string, string>; inputs?: Input[] }): Derivation;
  directory(name: string, entries: Parameters<Store["directory"]>[1]): Derivation;
  copyPath(name: string, localPath: string): Derivation;
}

export interface PackageSetExtras extends TrivialBuilders {
  readonly store: Store;
  readonly lock: Lock;
  /** The download cache the set's fetcher uses. */
  readonly cacheDir: string;
  /** The mirror .debs come from (resolved on first use). */
  mirror(): MirrorConfig;
  /** Lookup by a computed name (`pkgs.getPackage(name)`); same errors as `pkgs[name]`. */
  getPackage(name: string): Package;
  hasPackage(name: string): boolean;
  /** Every locked package, sorted by name. */
  allPackages(): Package[];
  /** Where realise-time downloads report progress (set by the CLI). */
  setProgress(listener: ProgressListener | undefined): void;
}

export type PackageSet = { readonly [K in LockedPackageName]: Package } & PackageSetExtras;

export interface CreatePackageSetOptions {
  store: Store;
  lock: Lock;
  mirror?: string | MirrorConfig;
  cacheDir?: string;
}

/** Names a Proxy must answer without a lock lookup: promise probing, JSON, inspection. */
const PASSTHROUGH = new Set(["then", "toJSON", "constructor", "asymmetricMatch", "nodeType", "$$typeof", "inspect"]);

/**
 * `pkgs`: every locked package by its Debian name (`pkgs.htop`, `pkgs["openssh-server"]`), built
 * lazily and memoised, plus the trivial builders. A name the lock lacks is an error suggesting
 * `rebuild lock <name>` and the closest locked names.
 */
export function createPackageSet(options: CreatePackageSetOptions): PackageSet {
  const { store, lock } = options;
  const given = options.mirror;
  const mirror = typeof given === "object" ? () => given : resolveMirrorLazily(given);
  const cacheDir = resolveCacheDir(options.cacheDir);
  let progress: ProgressListener | undefined;
  ensureBuilder(store);
  store.setFetcher(createStoreFetcher(cacheDir, () => progress));
  const made = new Map<string, Package>();

  const get = (name: string): Package => {
    const existing = made.get(name);
    if (existing) return existing;
    const locked = lock.packages[name];
    if (locked === undefined) throw new PackageNotLockedError(name, suggest(name, Object.keys(lock.packages)));
    const pkg = makePackage(store, name, locked, mirror(), get);
    made.set(name, pkg);
    return pkg;
  };
  const unwrap = (x: Input): Derivation => ("drv" in x ? x.drv : x);
  const extras: PackageSetExtras = {
    store,
    lock,
    cacheDir,
    mirror,
    getPackage: get,
    hasPackage: (name) => lock.packages[name] !== undefined,
    allPackages: () => Object.keys(lock.packages).sort().map(get),
    setProgress: (listener) => {
      progress = listener;
    },
    writeText: (name, text) => store.writeText(name, text),
    writeScript: (name, text) => store.writeScript(name, text),
    writeShellScript: (name, text) => store.writeScript(name, `#!/bin/sh\n${text}`),
    buildEnv: (name, paths, opts) => store.buildEnv(name, paths.map(unwrap), opts),
    runCommand: (name, { script, env, inputs }) => store.runCommand(name, { script, ...(env ? { env } : {}), inputs: (inputs ?? []).map(unwrap) }),
    directory: (name, entries) => store.directory(name, entries),
    copyPath: (name, localPath) => store.copyPath(name, localPath),
  };
  return new Proxy(extras, {
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || prop in target || PASSTHROUGH.has(prop)) return Reflect.get(target, prop, receiver);
      return get(prop);
    },
    has(target, prop) {
      return prop in target || (typeof prop === "string" && lock.packages[prop] !== undefined);
    },
    ownKeys() {
      return Object.keys(lock.packages).sort();
    },
    getOwnPropertyDescriptor(_target, prop) {
      if (typeof prop !== "string" || lock.packages[prop] === undefined) return undefined;
      return { configurable: true, enumerable: true, value: get(prop), writable: false };
    },
  }) as PackageSet;
}

/** The mirror matters only when something is downloaded; evaluation must work on machines without apt sources. */
function resolveMirrorLazily(flag: string | undefined): () => MirrorConfig {
  let mirror: MirrorConfig | undefined;
  return () => {
    mirror ??= resolveMirror(flag);
    return mirror;
  };
}

/** Registers `deb-unpack` once per store, however many package sets are made over it. */
function ensureBuilder(store: Store): void {
  try {
    store.builderFor(DEB_UNPACK_KIND);
  } catch {
    store.registerBuilder(debUnpackBuilder);
  }
}

function makePackage(store: Store, name: string, locked: LockedPackage, mirror: MirrorConfig, get: (n: string) => Package): Package {
  const safeVersion = locked.version.replace(/[^A-Za-z0-9+\-._?=]/g, "_");
  const deb = store.fetchUrl({
    name: `${name}_${safeVersion}_${locked.architecture}.deb`,
    urls: debUrls(mirror, locked),
    sha256: locked.sha256,
  });
  const drv = store.derivation({
    kind: DEB_UNPACK_KIND,
    name: `${name}-${safeVersion}`,
    args: { package: name, version: locked.version, architecture: locked.architecture, sha256: locked.sha256 },
    inputs: [deb],
  });
  let depends: Package[] | undefined;
  const pkg = Object.create(drv, {
    debName: { value: name, enumerable: true },
    version: { value: locked.version, enumerable: true },
    architecture: { value: locked.architecture, enumerable: true },
    essential: { value: locked.essential === true, enumerable: true },
    programs: { value: Object.freeze([...locked.programs]), enumerable: true },
    deb: { value: deb },
    drv: { value: drv },
    // Lazy: Debian dependency graphs have cycles (libc6 <-> libgcc-s1).
    depends: { get: () => (depends ??= locked.depends.map(get)), enumerable: false },
    bin: { value: (program: string) => `${drv.outPath}/${findProgram(name, locked.programs, program)}` },
    path: { value: (rel: string) => `${drv.outPath}/${rel.replace(/^\/+/, "")}` },
  }) as Package;
  return Object.freeze(pkg);
}

/** The packages plus everything they depend on through the lock, each once, sorted by name. */
export function closureOf(pkgs: readonly Package[]): Package[] {
  const seen = new Map<string, Package>();
  const stack = [...pkgs];
  while (stack.length > 0) {
    const p = stack.pop() as Package;
    if (seen.has(p.debName)) continue;
    seen.set(p.debName, p);
    stack.push(...p.depends);
  }
  return [...seen.values()].sort((a, b) => a.debName.localeCompare(b.debName));
}
