import { KeelError } from "../../errors.ts";

/** What ordering needs of a snippet: the names it must run after. */
export interface SnippetDeps {
  deps: readonly string[];
}

/** A problem with the dependency graph of activation snippets, as data (STYLE item 1). */
export type SnippetGraphIssue = { kind: "unknown-dep"; snippet: string; dep: string } | { kind: "cycle"; chain: string[] };

export class SnippetGraphError extends KeelError {
  readonly code = "activation-snippet-graph";
  constructor(
    readonly option: string,
    readonly issues: SnippetGraphIssue[],
    known: readonly string[],
  ) {
    super(issues.map((i) => describeSnippetIssue(option, i, known)).join("\n"));
  }
}

/** Nix orders attribute names by bytes, not by locale. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The user-facing text of one issue: what, where (the option path), how to fix. */
export function describeSnippetIssue(option: string, issue: SnippetGraphIssue, known: readonly string[]): string {
  if (issue.kind === "cycle") {
    return `The snippets of \`${option}' depend on each other in a cycle: ${issue.chain.join(" -> ")}. Remove one of these deps.`;
  }
  return (
    `\`${option}.${issue.snippet}' depends on \`${issue.dep}', which is not a snippet of \`${option}'. ` +
    `Known snippets: ${[...known].sort(byName).join(", ")}. Fix the name in its deps or define \`${option}.${issue.dep}'.`
  );
}

/** Every unknown dependency and every cycle, all at once (an evaluation reports them together). */
export function snippetGraphIssues(snippets: Readonly<Record<string, SnippetDeps>>): SnippetGraphIssue[] {
  const issues: SnippetGraphIssue[] = [];
  for (const name of Object.keys(snippets).sort(byName)) {
    for (const dep of snippets[name]!.deps) if (!(dep in snippets)) issues.push({ kind: "unknown-dep", snippet: name, dep });
  }
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (name: string) => {
    const s = state.get(name);
    if (s === "done" || !(name in snippets)) return;
    if (s === "visiting") {
      issues.push({ kind: "cycle", chain: [...stack.slice(stack.indexOf(name)), name] });
      return;
    }
    state.set(name, "visiting");
    stack.push(name);
    for (const dep of snippets[name]!.deps) visit(dep);
    stack.pop();
    state.set(name, "done");
  };
  for (const name of Object.keys(snippets).sort(byName)) visit(name);
  return issues;
}

/**
 * The order snippets run in, exactly as NixOS's `textClosureMap` gives it: for each name in
 * sorted order, its deps first (depth first, in the order they are listed), then itself; each
 * name once. So a snippet runs after its deps, and otherwise in name order.
 */
export function orderSnippets(snippets: Readonly<Record<string, SnippetDeps>>, option = "system.activationScripts"): string[] {
  const issues = snippetGraphIssues(snippets);
  if (issues.length > 0) throw new SnippetGraphError(option, issues, Object.keys(snippets));
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const dep of snippets[name]!.deps) visit(dep);
    order.push(name);
  };
  for (const name of Object.keys(snippets).sort(byName)) visit(name);
  return order;
}
