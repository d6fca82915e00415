/**
 * The `_module` namespace of an evaluation whose internal module alone declares it, built when
 * something first looks into it. Every submodule value is an evaluation, and most never read
 * `_module.*` nor define it: building its four options and indexing the internal module's
 * definitions was about a third of what a submodule value cost (README.md "Performance").
 */
import type { ModuleRun } from "./module-run.ts";
import { buildDeclaredSubtree, type NamespaceNode, type TreeNode } from "./option-tree.ts";

/** What the evaluation does once the subtree exists: index the internal module's definitions. */
export interface SubtreeOwner {
  subtreeBuilt(run: ModuleRun): void;
}

export class LazyModuleNamespace implements NamespaceNode {
  readonly kind = "namespace" as const;
  private built: Map<string, TreeNode> | undefined;

  constructor(
    readonly loc: readonly string[],
    /** The internal module's run; its `options._module` is the subtree. */
    private readonly run: ModuleRun,
    private readonly owner: SubtreeOwner,
  ) {}

  /** True once the subtree exists (and so the internal module's definitions are indexable). */
  get isBuilt(): boolean {
    return this.built !== undefined;
  }

  get children(): Map<string, TreeNode> {
    if (this.built) return this.built;
    const node = buildDeclaredSubtree(this.loc, this.run, (this.run.output.options as { _module: unknown })._module);
    if (node.kind !== "namespace") throw new Error("internal: `_module' is not a namespace");
    // Set before telling the owner: indexing the internal module walks into this namespace.
    this.built = node.children;
    this.owner.subtreeBuilt(this.run);
    return this.built;
  }
}
