import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../atomic-files.ts";
import { LockFileError } from "./errors.ts";

export const LOCK_FILE = "keel.lock";
export const LOCK_VERSION = 1;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in hex");

const lockedPackageSchema = z.object({
  version: z.string(),
  architecture: z.string(),
  /** The suite whose archive serves `filename` (decides the mirror URL). */
  suite: z.string(),
  filename: z.string(),
  size: z.number().int().nonnegative(),
  sha256: hex64,
  essential: z.boolean().optional(),
  /** Lock-resolved Pre-Depends and Depends: names of other packages in this lock. */
  depends: z.array(z.string()),
  /** Executables the package ships, relative to its root (for `bin()` before anything is built). */
  programs: z.array(z.string()),
});

const suiteSchema = z.object({
  /** SHA-256 of the suite's InRelease file (its signature verified at lock time). */
  release: hex64,
  date: z.string(),
  version: z.string().optional(),
  /** Hashes of the indices resolution read, from the signed Release. */
  indices: z.record(z.string(), z.object({ sha256: hex64, size: z.number().int().nonnegative() })),
});

export const lockSchema = z.object({
  version: z.literal(LOCK_VERSION),
  distribution: z.literal("debian"),
  codename: z.literal("bookworm"),
  architecture: z.literal("amd64"),
  /** What was asked for: `rebuild lock --update` re-resolves exactly these. */
  roots: z.array(z.string()),
  /** Whether every `Essential: yes` package is locked too (a whole system needs them). */
  essential: z.boolean(),
  suites: z.record(z.string(), suiteSchema),
  packages: z.record(z.string(), lockedPackageSchema),
});

export type Lock = z.infer<typeof lockSchema>;
export type LockedPackage = z.infer<typeof lockedPackageSchema>;

export function lockPath(repoDir: string): string {
  return join(repoDir, LOCK_FILE);
}

/** Reads and validates `<repoDir>/keel.lock`. */
export function readLock(repoDir: string): Lock {
  const file = lockPath(repoDir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new LockFileError(file, "does not exist. Create it with `rebuild lock --essential <package>...`.");
    }
    throw new LockFileError(file, `cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LockFileError(file, `is not valid JSON (${(error as Error).message}). Restore it from version control or run \`rebuild lock --update\`.`);
  }
  const parsed = lockSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `  at ${i.path.join(".") || "(top)"}: ${i.message}`);
    throw new LockFileError(file, `is malformed:\n${issues.join("\n")}\nRestore it from version control or run \`rebuild lock --update\`.`);
  }
  return parsed.data;
}

/** Does `<repoDir>/keel.lock` exist? */
export function hasLock(repoDir: string): boolean {
  try {
    readFileSync(lockPath(repoDir));
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the lock atomically (temp file, fsync, rename) with every key sorted, so a re-lock of the
 * same archive state is byte-identical and diffs show only what moved.
 */
export function writeLock(repoDir: string, lock: Lock): void {
  lockSchema.parse(lock);
  const file = lockPath(repoDir);
  writeFileAtomic(file, renderLock(lock));
}

export function renderLock(lock: Lock): string {
  return `${JSON.stringify(sortKeys(lock), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

