/**
 * Renamed, aliased, removed and changed options (nixpkgs `doRename` family, reference §13), so old
 * host configs keep working with a warning or fail naming the replacement.
 */
import { RemovedOptionError } from "./errors.ts";
import { msg } from "./messages.ts";
import { mkOption } from "./options.ts";
import { mkDefinition, mkIf, mkMerge, mkOverride } from "./properties.ts";
import { callerFile } from "./source-file.ts";
import { isAttrs, setAttrByPath } from "./values.ts";
import { whenDeclared } from "./when-declared.ts";

type Path = readonly string[];
const SELF = ["/src/modules/renames.ts"];
interface Args {
  config: any;
  options: any;
}

function getPath(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const p of path) v = isAttrs(v) || typeof v === "function" ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

function hasPath(root: unknown, path: Path): boolean {
  let v: unknown = root;
  for (const p of path) {
    if (!isAttrs(v) || !(p in v)) return false;
    v = v[p];
  }
  return true;
}

export interface RenameSpec {
  from: Path;
  to: Path;
  visible: boolean;
  warn: boolean;
  use: (v: unknown) => unknown;
  withPriority?: boolean;
  condition?: boolean;
}

/**
 * The old option's type is not the new one's (nixpkgs copies it): Keel's option tree is built
 * before any declaration is read, so aliases are untyped and `to`'s type checks the definitions.
 */
export function doRename(spec: RenameSpec): unknown {
  const { from, to, visible, warn, use } = spec;
  const condition = spec.condition ?? true;
  const withPriority = spec.withPriority ?? true;
  const decl = Object.assign(
    mkOption({
      visible,
      description: `Alias of {option}\`${to.join(".")}\`.`,
      apply: (_v: unknown, ev: Args) => {
        if (!hasPath(ev.options, to)) throw new RemovedOptionError(msg.renamedUnknownTarget(to), { loc: to });
        return use(getPath(ev.config, to));
      },
    }),
    { applyIgnoresValue: true },
  );
  return {
    _file: callerFile(SELF),
    options: setAttrByPath(from, decl),
    config: ({ options }: Args) => {
      const opt = getPath(options, from) as {
        isDefined: boolean;
        definitionsWithLocations: { file: string; value: unknown }[];
        highestPrio: number;
        files: string[];
      };
      // Forwarded definitions keep their own files, so errors about `to` name the user's module.
      const forwarded = mkIf(
        opt.isDefined,
        mkMerge(
          opt.definitionsWithLocations.map((d) =>
            mkDefinition({ file: d.file, value: withPriority ? mkOverride(opt.highestPrio, d.value) : d.value }),
          ),
        ),
      );
      return mkMerge([
        mkIf(condition, setAttrByPath(to, forwarded)),
        {
          warnings: whenDeclared(mkIf(condition && warn && opt.isDefined, [msg.renamedWarning(from, opt.files, to)])),
        },
      ]);
    },
  };
}

export function mkRenamedOptionModule(from: Path, to: Path): unknown {
  return doRename({ from, to, visible: false, warn: true, use: (v) => v });
}

export function mkAliasOptionModule(from: Path, to: Path): unknown {
  return doRename({ from, to, visible: true, warn: false, use: (v) => v });
}

export function mkRemovedOptionModule(path: Path, instructions: string): unknown {
  const decl = Object.assign(
    mkOption({
      visible: false,
      apply: () => {
        throw new RemovedOptionError(msg.removedOption(path, instructions), { loc: path });
      },
    }),
    { applyIgnoresValue: true },
  );
  return {
    _file: callerFile(SELF),
    options: setAttrByPath(path, decl),
    config: ({ options }: Args) => {
      const opt = getPath(options, path) as { isDefined: boolean; files: string[] };
      return {
        assertions: [{ assertion: !opt.isDefined, message: msg.removedDefined(path, opt.files, instructions) }],
      };
    },
  };
}

const SENTINEL = "_mkMergedOptionModule";

export function mkMergedOptionModule(froms: readonly Path[], to: Path, mergeFn: (config: any) => unknown): unknown {
  const options = {};
  for (const f of froms) mergeDeep(options, setAttrByPath(f, mkOption({ visible: false, default: SENTINEL })));
  return {
    _file: callerFile(SELF),
    options,
    config: ({ config, options: opts }: Args) => {
      const set = froms.filter((f) => getPath(config, f) !== SENTINEL);
      return mkMerge([
        {
          warnings: whenDeclared(
            froms.map((f) =>
              mkIf(getPath(config, f) !== SENTINEL, msg.changedWarning(f, (getPath(opts, f) as { files: string[] }).files, to)),
            ),
          ),
        },
        setAttrByPath(to, mkIf(set.length > 0, set.length > 0 ? mergeFn(config) : undefined)),
      ]);
    },
  };
}

export function mkChangedOptionModule(from: Path, to: Path, changeFn: (config: any) => unknown): unknown {
  return mkMergedOptionModule([from], to, changeFn);
}

function mergeDeep(into: Record<string, unknown>, add: unknown): void {
  if (!isAttrs(add)) return;
  for (const [k, v] of Object.entries(add)) {
    const cur = into[k];
    if (isAttrs(cur) && isAttrs(v) && cur._type === undefined && v._type === undefined) mergeDeep(cur, v);
    else into[k] = v;
  }
}
