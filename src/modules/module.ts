/**
 * `defineModule` / `defineHost`: tag a module with its source file (from the call stack) and a
 * stable key, so definitions name their file and imports of the same module de-duplicate.
 */
import { callerFile } from "./source-file.ts";
import { isAttrs, isFunction } from "./values.ts";

const HOST = Symbol.for("keel.host");
const perFileCount = new Map<string, number>();
const SELF = ["/src/modules/module.ts", "/src/modules/define.ts"];

/** A module as evalModules receives it: tagged with `_file` and `key` by defineModule. */
export interface TaggedModule {
  readonly _file: string;
  readonly key: string;
  readonly [k: string]: unknown;
}

function keyFor(file: string): string {
  const n = (perFileCount.get(file) ?? 0) + 1;
  perFileCount.set(file, n);
  return n === 1 ? file : `${file}#${n}`;
}

/** Untyped core of defineModule; the typed wrappers live in define.ts. */
export function tagModule(m: unknown, options: { host?: boolean } = {}): TaggedModule {
  const file = callerFile(SELF);
  let out: Record<string, unknown>;
  if (isFunction(m)) {
    out = { _file: file, key: keyFor(file), imports: [m] };
  } else if (isAttrs(m)) {
    const given = m as Record<string, unknown>;
    out = {
      ...given,
      _file: typeof given._file === "string" ? given._file : file,
      key: given.key !== undefined ? String(given.key) : keyFor(file),
    };
  } else {
    // Not a module: keep it so evalModules reports it with the file it came from.
    out = { _file: file, key: keyFor(file), imports: [m] };
  }
  if (options.host) Object.defineProperty(out, HOST, { value: true, enumerable: false });
  return out as TaggedModule;
}

export function isHostModule(m: unknown): boolean {
  return isAttrs(m) && (m as { [HOST]?: boolean })[HOST] === true;
}
