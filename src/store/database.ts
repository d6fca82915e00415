import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { KeelError } from "../errors.ts";
import { fsyncDir, writeFileAtomic } from "../atomic-files.ts";
import { tryParseStorePath } from "./store-dirs.ts";

/** What the store knows about one valid path (Nix's ValidPathInfo). */
export interface PathInfo {
  readonly path: string;
  /** SHA-256 (hex) of the path's NAR serialisation: what `verify` recomputes. */
  readonly narHash: string;
  readonly narSize: number;
  /** Store paths this one mentions (found by scanning), itself included when it refers to itself. */
  readonly references: readonly string[];
  /** Which recipe produced it: `<kind>@<version>`, or `existing`. */
  readonly deriver: string;
  /** Seconds since the epoch. */
  readonly registrationTime: number;
  /** For content-addressed paths: `fixed:<flat|recursive>:sha256:<hex>`. */
  readonly ca?: string;
}

const pathInfoSchema = z.object({
  path: z.string(),
  narHash: z.string().regex(/^[0-9a-f]{64}$/),
  narSize: z.number().int().nonnegative(),
  references: z.array(z.string()),
  deriver: z.string(),
  registrationTime: z.number(),
  ca: z.string().optional(),
});

/** The database file of a path is unreadable or malformed. */
export class CorruptDatabaseError extends KeelError {
  readonly code = "store-db-corrupt";
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`store database entry ${file} is corrupt (${reason}); run \`rebuild store verify\` or delete the entry and rebuild the path`);
  }
}

/** A state dir already belongs to another store dir (its database would describe the wrong paths). */
export class StoreDirMismatchError extends KeelError {
  readonly code = "store-dir-mismatch";
  constructor(
    readonly stateDir: string,
    readonly recorded: string,
    readonly given: string,
  ) {
    super(
      `state directory ${stateDir} belongs to the store ${recorded}, not ${given}; pass the matching --store-dir or another --state-dir`,
    );
  }
}

/**
 * A file-based registry: one small JSON file per valid path, `<stateDir>/db/info/<hash>.json`,
 * written atomically. Registering a path is one rename, so no global lock is needed and two
 * processes registering different paths never contend (see README for why not SQLite).
 */
export class StoreDatabase {
  readonly infoDir: string;

  constructor(
    readonly stateDir: string,
    readonly storeDir: string,
  ) {
    this.infoDir = join(stateDir, "db", "info");
  }

  /** Creates the layout and binds the state dir to its store dir on first use. */
  init(): void {
    const marker = join(this.stateDir, "db", "store-dir");
    if (existsSync(marker)) {
      const recorded = readFileSync(marker, "utf8").trim();
      if (recorded !== this.storeDir) throw new StoreDirMismatchError(this.stateDir, recorded, this.storeDir);
    } else {
      writeFileAtomic(marker, `${this.storeDir}\n`);
    }
    mkdirSync(this.infoDir, { recursive: true });
  }

  private fileFor(hash: string): string {
    return join(this.infoDir, `${hash}.json`);
  }

  get(path: string): PathInfo | undefined {
    const parsed = tryParseStorePath(this.storeDir, path);
    if (!parsed || parsed.rest) return undefined;
    const info = this.getByHash(parsed.hash);
    return info && info.path === parsed.storePath ? info : undefined;
  }

  getByHash(hash: string): PathInfo | undefined {
    const file = this.fileFor(hash);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CorruptDatabaseError(file, (error as Error).message);
    }
    const parsed = pathInfoSchema.safeParse(data);
    if (!parsed.success) throw new CorruptDatabaseError(file, parsed.error.issues[0]?.message ?? "bad shape");
    return parsed.data;
  }

  register(info: PathInfo): void {
    const hash = tryParseStorePath(this.storeDir, info.path)?.hash;
    if (!hash) throw new Error(`internal: registering a non-store path ${info.path}`);
    writeFileAtomic(this.fileFor(hash), `${JSON.stringify(info, null, 1)}\n`);
  }

  /** Forgets a path. Done before deleting its files, so a crash leaves an unregistered (invisible) leftover. */
  unregister(path: string): void {
    const hash = tryParseStorePath(this.storeDir, path)?.hash;
    if (!hash) return;
    rmSync(this.fileFor(hash), { force: true });
    fsyncDir(this.infoDir);
  }

  /** Every registered path. */
  list(): PathInfo[] {
    let names: string[];
    try {
      names = readdirSync(this.infoDir);
    } catch {
      return [];
    }
    const out: PathInfo[] = [];
    for (const name of names.sort()) {
      if (!name.endsWith(".json") || name.startsWith(".")) continue;
      const info = this.getByHash(name.slice(0, -5));
      if (info) out.push(info);
    }
    return out;
  }
}
