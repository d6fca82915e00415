import type { PathInfo } from "./database.ts";
import type { GcReport } from "./gc.ts";
import { formatNixSha256 } from "./hash-formats.ts";
import type { VerifyReport } from "./verify.ts";

/** 1536 → "1.5 KiB": the units `nix-collect-garbage` prints. */
export function formatBytes(n: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[i]}`;
}

/** `nix path-info` lines: the path, with `--size` its NAR size and with `closureSize` its closure's. */
export function formatPathInfoLines(infos: readonly PathInfo[], opts: { size?: boolean; closureSizes?: ReadonlyMap<string, number> } = {}): string {
  const width = Math.max(0, ...infos.map((i) => i.path.length));
  return infos
    .map((i) => {
      let line = opts.size || opts.closureSizes ? i.path.padEnd(width) : i.path;
      if (opts.size) line += `\t${String(i.narSize).padStart(12)}`;
      const closure = opts.closureSizes?.get(i.path);
      if (closure !== undefined) line += `\t${String(closure).padStart(12)}`;
      return `${line}\n`;
    })
    .join("");
}

/** Path info as JSON: hashes in Nix's `sha256:<base-32>` form so tools that read Nix's output can read ours. */
export function pathInfoJson(info: PathInfo): Record<string, unknown> {
  return { ...info, narHash: formatNixSha256(info.narHash) };
}

export function formatGcReport(r: GcReport): string {
  const verb = r.dryRun ? "would delete" : "deleting";
  const lines: string[] = [];
  for (const g of r.deletedGenerations) lines.push(`${r.dryRun ? "would remove" : "removing"} old generation ${g}`);
  for (const p of r.deleted) lines.push(`${verb} '${p}'`);
  for (const p of r.tempsRemoved) lines.push(`${verb} build leftover '${p}'`);
  const n = r.deleted.length;
  lines.push(
    `${n} store path${n === 1 ? "" : "s"} ${r.dryRun ? "would be deleted" : "deleted"}, ${formatBytes(r.freedBytes)} ${r.dryRun ? "would be freed" : "freed"}` +
      ` (${r.live} path${r.live === 1 ? "" : "s"} kept alive by ${r.roots.length} root${r.roots.length === 1 ? "" : "s"})`,
  );
  return `${lines.join("\n")}\n`;
}

export function formatVerifyReport(r: VerifyReport): string {
  const lines: string[] = [];
  for (const c of r.changed) {
    lines.push(`path '${c.path}' was modified! expected hash '${formatNixSha256(c.expected)}', got '${formatNixSha256(c.actual)}'`);
  }
  for (const m of r.missing) lines.push(`path '${m}' is registered but missing from the store`);
  for (const b of r.brokenReferences) lines.push(`path '${b.path}' refers to '${b.reference}', which is not valid`);
  lines.push(r.ok ? `checked ${r.checked} paths: all intact` : `checked ${r.checked} paths: ${r.changed.length} modified, ${r.missing.length} missing, ${r.brokenReferences.length} broken references`);
  return `${lines.join("\n")}\n`;
}

/** `nix why-depends`-style tree: each chain indented step by step, with the files that hold each reference. */
export function formatWhyDepends(chains: readonly (readonly string[])[], filesFor: (from: string, to: string) => string[]): string {
  const out: string[] = [];
  for (const chain of chains) {
    chain.forEach((p, depth) => {
      const next = chain[depth + 1];
      const files = next ? filesFor(p, next) : [];
      out.push(`${depth === 0 ? "" : `${"  ".repeat(depth - 1)}└───`}${p}${files.length ? `  (in ${files.slice(0, 3).map((f) => f || ".").join(", ")}${files.length > 3 ? ", ..." : ""})` : ""}`);
    });
    out.push("");
  }
  return out.join("\n");
}
