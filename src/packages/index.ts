/**
 * Debian packages: the bookworm amd64 archive pinned by keel.lock, the `pkgs` set over it, and
 * `rebuild lock`. See README.md for the lock format and the unpacked layout.
 */
export { resolveCacheDir } from "./cache.ts";
export { DEB_UNPACK_KIND, debUnpackBuilder } from "./deb-builder.ts";
export { fetchDebs } from "./deb-fetch.ts";
export {
  DownloadError,
  HashMismatchError,
  LockFileError,
  MirrorNotFoundError,
  PackageNotLockedError,
  PinnedReleaseGoneError,
  ProgramNotFoundError,
  ReleaseContentError,
  ReleaseSignatureError,
  ResolveError,
  UnpackError,
} from "./errors.ts";
export type { LockedPackageName } from "./generated/package-names.ts";
export { hasLock, LOCK_FILE, type Lock, type LockedPackage, lockPath, readLock, renderLock, writeLock } from "./lock.ts";
export { type LockPackagesOptions, lockPackages } from "./lock-packages.ts";
export { type MirrorConfig, readAptSources, resolveMirror, SUITES, type Suite } from "./mirror.ts";
export {
  type CreatePackageSetOptions,
  closureOf,
  createPackageSet,
  type Package,
  type PackageSet,
  type PackageSetExtras,
  type TrivialBuilders,
} from "./package-set.ts";
export { createProgressDisplay, formatBytes, type ProgressEvent, type ProgressListener } from "./progress.ts";
export { type RealisePackagesOptions, type RealisePackagesResult, realisePackages } from "./realise-packages.ts";
export { CONTROL_DIR, unpackDeb } from "./unpack.ts";
