import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ETC_MANIFEST, type EtcManifest, scanEtcTree } from "../../activation/etc/etc-manifest.ts";
import type { Builder } from "../../store/builder.ts";
import type { Derivation } from "../../store/derivation.ts";
import type { Store } from "../../store/store.ts";
import { type EtcEntry, etcDirectoryEntries } from "./etc-tree.ts";

/**
 * Parts of a Debian package's /etc that Keel does not take: other init systems' scripts and
 * service trees, and hooks for tools that run only under dpkg.
 */
const skippedPackageEtc = [/^init\.d\//, /^sv\//, /^runit\//, /^rc\d\.d\//, /^kernel\//, /^initramfs-tools\//, /^apt\//, /^dpkg\//, /^alternatives\//];

interface EtcArgs {
  entries: Record<string, { text: string } | { symlink: string }>;
  packages: { label: string; path: string }[];
}

function walkFiles(root: string, rel = ""): string[] {
  const dir = join(root, rel);
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    const stat = lstatSync(join(root, path));
    if (stat.isDirectory()) out.push(...walkFiles(root, path));
    else out.push(path);
  }
  return out;
}

/**
 * A generation's etc tree (reference §4.1): the declared `environment.etc` entries, over the
 * defaults the system's Debian packages ship in /etc (PAM services, login.defs, ssh_config...),
 * which the configuration overrides entry by entry. Package files stay links into their
 * package, so a switch changes them atomically like any other entry.
 */
export const etcBuilder: Builder = {
  kind: "etc",
  // 2: etc-manifest.json beside etc/ (src/activation/etc/etc-manifest.ts).
  version: 2,
  async build(ctx) {
    const args = ctx.drv.args as EtcArgs;
    mkdirSync(ctx.out);
    const declared = new Set(Object.keys(args.entries).map((k) => k.replace(/\.(mode|uid|gid)$/, "")));
    const coveredByDeclaredDirectory = (rel: string) => [...declared].some((d) => rel.startsWith(`${d}/`));
    const taken = new Map<string, string>();
    for (const pkg of args.packages) {
      const etc = join(pkg.path, "etc");
      if (!existsSync(etc)) continue;
      for (const rel of walkFiles(etc)) {
        const target = `etc/${rel}`;
        if (skippedPackageEtc.some((re) => re.test(rel)) || declared.has(target) || coveredByDeclaredDirectory(target)) continue;
        if (taken.has(target)) {
          ctx.log(`etc/${rel}: ${taken.get(target)} and ${pkg.label} both ship it; keeping ${taken.get(target)}'s`);
          continue;
        }
        taken.set(target, pkg.label);
        const dest = join(ctx.out, target);
        mkdirSync(dirname(dest), { recursive: true });
        symlinkSync(join(etc, rel), dest);
      }
    }
    for (const name of Object.keys(args.entries).sort()) {
      const entry = args.entries[name]!;
      const dest = join(ctx.out, name);
      mkdirSync(dirname(dest), { recursive: true });
      if ("text" in entry) writeFileSync(dest, entry.text);
      else symlinkSync(entry.symlink, dest);
    }
    // What activation reads at boot instead of walking the tree (over 9p in a VM).
    const tree = join(ctx.out, "etc");
    const manifest: EtcManifest = { version: 1, entries: existsSync(tree) ? scanEtcTree(tree) : [] };
    writeFileSync(join(ctx.out, ETC_MANIFEST), `${JSON.stringify(manifest)}\n`);
  },
};

export function etcDerivation(store: Store, entries: EtcEntry[], packages: { label: string; drv: Derivation }[]): Derivation {
  return store.derivation({
    kind: etcBuilder.kind,
    name: "etc",
    inputs: packages.map((p) => p.drv),
    args: {
      entries: etcDirectoryEntries(entries),
      packages: packages.map((p) => ({ label: p.label, path: p.drv.outPath })),
    },
  });
}
