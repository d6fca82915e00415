/** Option declarations: `mkOption`, `mkEnableOption`, `mkPackageOption` (nixpkgs lib/options.nix). */
import { literalExpression } from "./properties.ts";
import type { OptionType } from "./types/core.ts";
import { bool } from "./types/numbers.ts";
import { pkg } from "./types/misc.ts";
import { nullOr } from "./types/containers.ts";
import { isAttrs } from "./values.ts";

export type Visibility = boolean | "shallow" | "transparent";

export interface OptionSpec<V> {
  type?: OptionType<V>;
  default?: V;
  defaultText?: unknown;
  example?: unknown;
  description?: string;
  /** Maps the merged value; Keel also passes `{ config, options }` of the evaluation. */
  apply?: (value: V, evaluation: { config: any; options: any }) => unknown;
  readOnly?: boolean;
  internal?: boolean;
  visible?: Visibility;
  relatedPackages?: unknown;
}

export interface OptionDecl<V = unknown> extends OptionSpec<V> {
  readonly _type: "option";
}

/** Declares an option; absent attributes stay absent (not undefined), as in nixpkgs. */
export function mkOption<V = any>(spec: OptionSpec<V> = {}): OptionDecl<V> {
  const out: Record<string, unknown> = { _type: "option" };
  const keys = Object.keys(spec);
  for (let i = 0; i < keys.length; i++) {
    const v = (spec as Record<string, unknown>)[keys[i]!];
    if (v !== undefined) out[keys[i]!] = v;
  }
  return out as unknown as OptionDecl<V>;
}

export function mkEnableOption(name: string): OptionDecl<boolean> {
  return mkOption({ type: bool, default: false, example: true, description: `Whether to enable ${name}.` });
}

export interface PackageOptionOpts {
  nullable?: boolean;
  default?: string | readonly string[] | null;
  example?: string | readonly string[];
  extraDescription?: string;
  pkgsText?: string;
}

/** `mkPackageOption pkgs "name" { default = [ "attr" "path" ]; }`: defaults to `pkgs.<attrpath>`. */
export function mkPackageOption(pkgs: unknown, name: string, opts: PackageOptionOpts = {}): OptionDecl<any> {
  const pkgsText = opts.pkgsText ?? "pkgs";
  const path = opts.default === null ? null : typeof opts.default === "string" ? [opts.default] : [...(opts.default ?? [name])];
  const type = opts.nullable ? nullOr(pkg) : pkg;
  const spec: OptionSpec<any> = {
    type,
    description: `The ${name} package to use.${opts.extraDescription ? ` ${opts.extraDescription}` : ""}`,
  };
  if (path) {
    let value: unknown = pkgs;
    for (const p of path) value = isAttrs(value) || typeof value === "function" ? (value as Record<string, unknown>)[p] : undefined;
    if (value !== undefined) spec.default = value;
    spec.defaultText = literalExpression(`${pkgsText}.${path.join(".")}`);
  } else if (opts.nullable) {
    spec.default = null;
  }
  if (opts.example !== undefined) {
    const ex = typeof opts.example === "string" ? [opts.example] : opts.example;
    spec.example = literalExpression(`${pkgsText}.${ex.join(".")}`);
  }
  return mkOption(spec);
}

export function isOption(v: unknown): v is OptionDecl {
  return isAttrs(v) && v._type === "option";
}
