import { resolve } from "node:path";
import { type Evaluated, listHosts, loadHost } from "../modules/index.ts";
import { createPackageSet, hasLock, type PackageSet, readLock } from "../packages/index.ts";
import { openStore, type Store } from "../store/index.ts";
import { registerSystemBuilders } from "./builders/register.ts";

export interface HostContextOptions {
  /** The configuration repository (hosts/, modules-library/, keel.lock). */
  repoDir: string;
  host: string;
  storeDir?: string;
  stateDir?: string;
  mirror?: string;
  cacheDir?: string;
  /** Modules added to the host's own (tests use this to make a variant of a host). */
  extraModules?: unknown[];
}

export interface HostContext {
  repoDir: string;
  store: Store;
  pkgs: PackageSet;
  evaluated: Evaluated;
}

/**
 * A host's evaluated configuration with the package set of the repository's lock: what every
 * command that looks at a host (eval, build, switch, build-vm) starts from.
 */
export async function openHostContext(opts: HostContextOptions): Promise<HostContext> {
  const repoDir = resolve(opts.repoDir);
  // A missing host is reported before the store is opened (which would create its directories).
  if (!listHosts(repoDir).includes(opts.host)) await loadHost(repoDir, opts.host);
  const store = openStore({ storeDir: opts.storeDir, stateDir: opts.stateDir });
  registerSystemBuilders(store);
  const pkgs = hasLock(repoDir)
    ? createPackageSet({ store, lock: readLock(repoDir), mirror: opts.mirror, cacheDir: opts.cacheDir })
    : packagesWithoutLock(repoDir);
  const evaluated = await loadHost(repoDir, opts.host, { specialArgs: { pkgs }, extraModules: opts.extraModules });
  return { repoDir, store, pkgs, evaluated };
}

/**
 * A repository without keel.lock can still be evaluated as long as nothing uses a package: the
 * first use fails with readLock's own message (which says how to create the lock).
 */
function packagesWithoutLock(repoDir: string): PackageSet {
  return new Proxy({} as PackageSet, {
    get(_target, key) {
      if (typeof key === "symbol" || key === "then" || key === "toJSON") return undefined;
      return readLock(repoDir);
    },
  });
}
