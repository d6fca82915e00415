/**
 * Property wrappers (NixOS `mkIf`, `mkMerge`, `mkOverride`, `mkOrder`, `mkDefinition`): plain
 * tagged objects, so a definition stays data that the merge can inspect and print.
 */

/** Override priorities: lower wins. Names as in nixpkgs `lib/modules.nix`. */
export const Priority = {
  /** The option's own `default`: anything a module sets beats it. */
  optionDefault: 1500,
  /** `mkDefault`: a module's suggestion that hosts override with a plain value. */
  default: 1000,
  /** A plain definition. */
  plain: 100,
  /** `mkForce`: beats plain definitions, e.g. to turn off something another module enables. */
  force: 50,
  /** `mkVMOverride`: what a VM build forces over everything else. */
  vmOverride: 10,
} as const;

/** Order priorities for list-like merges: lower comes first. */
export const OrderPriority = { before: 500, default: 1000, after: 1500 } as const;

export interface IfProp<T> {
  readonly _type: "if";
  readonly condition: boolean;
  readonly content: T;
}
export interface MergeProp<T> {
  readonly _type: "merge";
  readonly contents: readonly T[];
}
export interface OverrideProp<T> {
  readonly _type: "override";
  readonly priority: number;
  readonly content: T;
}
export interface OrderProp<T> {
  readonly _type: "order";
  readonly priority: number;
  readonly content: T;
}
export interface DefinitionProp<T> {
  readonly _type: "definition";
  readonly file: string;
  readonly value: T;
}
export type Prop<T> = IfProp<T> | MergeProp<T> | OverrideProp<T> | OrderProp<T> | DefinitionProp<T>;

export function mkIf<T>(condition: boolean, content: T): IfProp<T> {
  return { _type: "if", condition, content };
}
/**
 * `mkIf(condition(), content())` with both computed only when the option is merged: for a
 * definition that reads other options of the same configuration (NixOS gets this from laziness;
 * a plain `mkIf`'s arguments are computed while definitions are still being indexed).
 */
export function mkLazyIf<T>(condition: () => boolean, content: () => T): IfProp<T> {
  return {
    _type: "if",
    get condition() {
      return condition();
    },
    get content() {
      return content();
    },
  };
}
export function mkMerge<T>(contents: readonly T[]): MergeProp<T> {
  return { _type: "merge", contents };
}
export function mkOverride<T>(priority: number, content: T): OverrideProp<T> {
  return { _type: "override", priority, content };
}
export function mkOptionDefault<T>(content: T): OverrideProp<T> {
  return mkOverride(Priority.optionDefault, content);
}
export function mkDefault<T>(content: T): OverrideProp<T> {
  return mkOverride(Priority.default, content);
}
export function mkForce<T>(content: T): OverrideProp<T> {
  return mkOverride(Priority.force, content);
}
export function mkVMOverride<T>(content: T): OverrideProp<T> {
  return mkOverride(Priority.vmOverride, content);
}
export function mkOrder<T>(priority: number, content: T): OrderProp<T> {
  return { _type: "order", priority, content };
}
export function mkBefore<T>(content: T): OrderProp<T> {
  return mkOrder(OrderPriority.before, content);
}
export function mkAfter<T>(content: T): OrderProp<T> {
  return mkOrder(OrderPriority.after, content);
}
/** A definition carrying its own file, for generated definitions that should blame their origin. */
export function mkDefinition<T>(d: { file: string; value: T }): DefinitionProp<T> {
  return { _type: "definition", file: d.file, value: d.value };
}

function tagOf(value: unknown): unknown {
  return typeof value === "object" && value !== null ? (value as { _type?: unknown })._type : undefined;
}
export function isIf(v: unknown): v is IfProp<unknown> {
  return tagOf(v) === "if";
}
export function isMerge(v: unknown): v is MergeProp<unknown> {
  return tagOf(v) === "merge";
}
export function isOverride(v: unknown): v is OverrideProp<unknown> {
  return tagOf(v) === "override";
}
export function isOrder(v: unknown): v is OrderProp<unknown> {
  return tagOf(v) === "order";
}
export function isDefinitionProp(v: unknown): v is DefinitionProp<unknown> {
  return tagOf(v) === "definition";
}
export function isProperty(v: unknown): boolean {
  const t = tagOf(v);
  return t === "if" || t === "merge" || t === "override" || t === "order" || t === "definition";
}

/** Documentation-only values for `defaultText` / `example`. */
export interface LiteralExpression {
  readonly _type: "literalExpression";
  readonly text: string;
}
export interface LiteralMD {
  readonly _type: "literalMD";
  readonly text: string;
}
export function literalExpression(text: string): LiteralExpression {
  return { _type: "literalExpression", text };
}
export function literalMD(text: string): LiteralMD {
  return { _type: "literalMD", text };
}

/** Maps the innermost value of a definition through any property wrappers. */
export function mapDefinitionValue(value: unknown, f: (v: unknown) => unknown): unknown {
  if (isIf(value)) return mkIf(value.condition, mapDefinitionValue(value.content, f));
  if (isOverride(value)) return mkOverride(value.priority, mapDefinitionValue(value.content, f));
  if (isOrder(value)) return mkOrder(value.priority, mapDefinitionValue(value.content, f));
  if (isMerge(value)) return mkMerge(value.contents.map((c) => mapDefinitionValue(c, f)));
  return f(value);
}
