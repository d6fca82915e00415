import { storeHashOf } from "./base32.ts";
import { canonicalJson } from "./canonical-json.ts";
import { normaliseSha256 } from "./hash-formats.ts";
import { checkName } from "./store-dirs.ts";

/**
 * How a fixed output is hashed: `flat` is the SHA-256 of a single file's bytes (a download),
 * `recursive` the NAR hash of a whole tree (a copied directory).
 */
export type FixedOutputMode = "flat" | "recursive";

export interface DerivationInit {
  readonly kind: string;
  readonly version: number;
  readonly name: string;
  readonly args: unknown;
  readonly inputs: readonly Derivation[];
  readonly storeDir: string;
  readonly fixedOutputSha256?: string;
  readonly fixedOutputMode?: FixedOutputMode;
  /** Builder data that must not change the path (copyPath's source location). */
  readonly local?: unknown;
  /** Set for wrappers of paths that already exist: the hash is the path's own. */
  readonly existingHash?: string;
}

/**
 * A recipe for one store path. Immutable; the output path is fixed at construction from a
 * canonical serialisation (kind and builder version, name, arguments, input paths, store dir), or,
 * for fixed outputs, from the declared content hash alone, so different URLs or fetchers of the
 * same bytes share one path. Nothing is built until `Store.realise`.
 */
export class Derivation {
  readonly kind: string;
  readonly version: number;
  readonly name: string;
  readonly hash: string;
  readonly outPath: string;
  readonly inputs: readonly Derivation[];
  readonly args: unknown;
  readonly fixedOutputSha256?: string;
  readonly fixedOutputMode?: FixedOutputMode;
  readonly local?: unknown;

  constructor(init: DerivationInit) {
    checkName(init.name);
    this.kind = init.kind;
    this.version = init.version;
    this.name = init.name;
    this.args = JSON.parse(canonicalJson(init.args ?? null));
    this.local = init.local;
    const inputs = new Map<string, Derivation>();
    for (const d of init.inputs) if (!inputs.has(d.outPath)) inputs.set(d.outPath, d);
    this.inputs = [...inputs.values()].sort((a, b) => (a.outPath < b.outPath ? -1 : 1));
    if (init.fixedOutputSha256 !== undefined) {
      this.fixedOutputSha256 = normaliseSha256(init.fixedOutputSha256);
      this.fixedOutputMode = init.fixedOutputMode ?? "flat";
    }
    this.hash = init.existingHash ?? storeHashOf(this.serialise(init.storeDir));
    this.outPath = `${init.storeDir}/${this.hash}-${this.name}`;
    Object.freeze(this);
  }

  /** Whether the output is addressed by its content (downloads, copies) rather than its recipe. */
  get isFixedOutput(): boolean {
    return this.fixedOutputSha256 !== undefined;
  }

  /** The exact text the path hash is taken over; exposed so tests and `--json` can show it. */
  serialise(storeDir: string): string {
    if (this.fixedOutputSha256 !== undefined) {
      return canonicalJson({
        keel: 1,
        fixed: { mode: this.fixedOutputMode, sha256: this.fixedOutputSha256 },
        name: this.name,
        storeDir,
      });
    }
    return canonicalJson({
      keel: 1,
      kind: this.kind,
      version: this.version,
      name: this.name,
      args: this.args,
      inputs: this.inputs.map((d) => d.outPath),
      storeDir,
    });
  }

  toString(): string {
    return this.outPath;
  }
}
