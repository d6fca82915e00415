import type { Derivation } from "../../src/store/index.ts";
import type { PackageSet } from "../../src/packages/index.ts";
import { closureOf } from "../../src/packages/index.ts";
import { debianCommandLine } from "../../src/system/debian-exec.ts";

export interface NftTable {
  readonly name: string;
  readonly family: string;
  readonly content: string;
}

/**
 * The file `nft -f` loads, as nixpkgs' nftables module writes it. One file is one kernel
 * transaction, so a ruleset with an error changes nothing. Without `flush ruleset`, each declared
 * table is first created empty and deleted: that makes reloading idempotent while leaving tables
 * other software (container runtimes, libvirt) added alone.
 */
export function renderNftRuleset(opts: { flushRuleset: boolean; tables: readonly NftTable[]; ruleset: string }): string {
  const parts: string[] = [];
  if (opts.flushRuleset) parts.push("flush ruleset");
  else for (const t of opts.tables) parts.push(`table ${t.family} ${t.name} {}\ndelete table ${t.family} ${t.name}`);
  for (const t of opts.tables) parts.push(`table ${t.family} ${t.name} {\n${indent(t.content.trim())}\n}`);
  if (opts.ruleset.trim() !== "") parts.push(opts.ruleset.trim());
  return `${parts.join("\n\n")}\n`;
}

/** What `systemctl stop nftables` runs: remove what the ruleset added (everything, when it flushed). */
export function renderNftStop(opts: { flushRuleset: boolean; tables: readonly NftTable[] }): string {
  if (opts.flushRuleset) return "flush ruleset\n";
  return `${opts.tables.map((t) => `table ${t.family} ${t.name} {}\ndelete table ${t.family} ${t.name}`).join("\n")}\n`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => (l.trim() === "" ? "" : `  ${l.trimEnd()}`))
    .join("\n");
}

/**
 * The ruleset as a store file, checked at build time with the packaged `nft --check` in a network
 * namespace of its own (`unshare -rn`: the check talks to a kernel, never the build machine's
 * firewall). `preCheck` edits a scratch copy first, for rules that cannot pass in an empty
 * namespace (a named interface that exists only on the target, say), as nixpkgs' preCheckRuleset.
 */
export function checkedNftRuleset(pkgs: PackageSet, text: string, opts: { check: boolean; preCheck: string }): Derivation {
  const source = pkgs.writeText("nftables-rules-unchecked", text);
  if (!opts.check) return source;
  const nft = debianCommandLine(pkgs.store, pkgs.nftables, "nft");
  const script = [
    `cp ${source.outPath} ruleset.conf`,
    "chmod u+w ruleset.conf",
    opts.preCheck,
    `unshare -rn ${nft} --check --file ruleset.conf`,
    `cp ${source.outPath} "$out"`,
  ].join("\n");
  return pkgs.runCommand("nftables-rules", { script, inputs: [...closureOf([pkgs.nftables]), source] });
}
