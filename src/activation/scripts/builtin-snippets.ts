import { KeelError } from "../../errors.ts";
import { orderSnippets, type SnippetDeps } from "./snippet-order.ts";

/**
 * Keel's own activation steps (TypeScript, in activate-system.ts), under NixOS's stable snippet
 * names and with NixOS's deps, so a snippet copied from NixOS that says `deps = [ "etc" ]` runs
 * once /etc is in place. `groups`, `binsh` and `usrbinenv` do nothing in Keel (accounts are
 * written in one step; /bin/sh and /usr/bin/env come from the generation's /usr) and exist so
 * such deps still resolve. `users` follows `specialfs` here because Keel's specialfs makes /home.
 */
export const BUILTIN_SNIPPETS = {
  specialfs: { deps: [] },
  users: { deps: ["specialfs"] },
  groups: { deps: ["users"] },
  etc: { deps: ["users", "groups", "specialfs"] },
  wrappers: { deps: ["specialfs", "users"] },
  "machine-id": { deps: ["etc"] },
  binsh: { deps: ["specialfs"] },
  usrbinenv: { deps: ["specialfs"] },
} as const satisfies Record<string, SnippetDeps>;

export type BuiltinSnippet = keyof typeof BUILTIN_SNIPPETS;

export const BUILTIN_SNIPPET_NAMES = Object.keys(BUILTIN_SNIPPETS) as BuiltinSnippet[];

export function isBuiltinSnippet(name: string): name is BuiltinSnippet {
  return Object.hasOwn(BUILTIN_SNIPPETS, name);
}

/** One user snippet of `system.activationScripts`, after evaluation. */
export interface SnippetDefinition {
  text: string;
  deps: string[];
  supportsDryActivation: boolean;
}

export interface NamedSnippet extends SnippetDefinition {
  name: string;
}

/** A run of activation: a built-in step, or consecutive user snippets that share one bash (as in NixOS's one script). */
export type PlannedActivationStep = { kind: "builtin"; name: BuiltinSnippet } | { kind: "snippets"; snippets: NamedSnippet[] };

export class BuiltinSnippetRedefinedError extends KeelError {
  readonly code = "activation-snippet-builtin";
  constructor(readonly names: string[]) {
    super(
      `system.activationScripts.${names.join(", system.activationScripts.")}: ${names.length > 1 ? "these names are" : "this name is"} Keel's own activation step${names.length > 1 ? "s" : ""}. ` +
        "Give your snippet another name and put the built-in name in its deps to order it.",
    );
  }
}

/** The snippet graph as ordering sees it: the user's snippets and the built-in ones. */
export function snippetGraph(user: Readonly<Record<string, SnippetDefinition>>): Record<string, SnippetDeps> {
  return { ...BUILTIN_SNIPPETS, ...user };
}

/**
 * The activation of a generation as an ordered list of steps (reference §2): built-ins and user
 * snippets sorted together by deps then name; consecutive user snippets are grouped so they run
 * in one shell, sharing variables as they would in NixOS's single script.
 */
export function planActivationSteps(user: Readonly<Record<string, SnippetDefinition>>): PlannedActivationStep[] {
  const clashes = Object.keys(user).filter(isBuiltinSnippet);
  if (clashes.length > 0) throw new BuiltinSnippetRedefinedError(clashes.sort());
  const steps: PlannedActivationStep[] = [];
  for (const name of orderSnippets(snippetGraph(user))) {
    if (isBuiltinSnippet(name)) {
      steps.push({ kind: "builtin", name });
      continue;
    }
    const snippet = { name, ...user[name]! };
    const last = steps[steps.length - 1];
    if (last?.kind === "snippets") last.snippets.push(snippet);
    else steps.push({ kind: "snippets", snippets: [snippet] });
  }
  return steps;
}
