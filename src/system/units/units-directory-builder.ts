import { existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Builder } from "../../store/builder.ts";
import type { Derivation } from "../../store/derivation.ts";
import type { Store } from "../../store/store.ts";
import type { RenderedUnit } from "./unit-definition.ts";

interface UnitsArgs {
  units: RenderedUnit[];
  /** lib/systemd/system directories of the system's packages (through sw), to find upstream units. */
  upstream: string[];
  /** Extra links: name → target, e.g. default.target → /lib/systemd/system/multi-user.target. */
  links: Record<string, string>;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * `/etc/systemd/system` of a generation (reference §8.1 steps 4–7). Upstream units of the
 * packages stay where Debian puts them (/lib/systemd/system, through sw); Keel's own units are
 * files here, or `<name>.d/overrides.conf` drop-ins when a package already ships that unit, so
 * setting one option of an upstream unit does not replace the rest of it.
 */
export const unitsDirectoryBuilder: Builder = {
  kind: "systemd-units",
  version: 1,
  async build(ctx) {
    const args = ctx.drv.args as UnitsArgs;
    const out = ctx.out;
    mkdirSync(out);
    const link = (name: string, target: string) => {
      const path = join(out, name);
      mkdirSync(dirname(path), { recursive: true });
      if (!exists(path)) symlinkSync(target, path);
    };
    const upstreamHas = (name: string) => args.upstream.some((dir) => existsSync(join(dir, name)));
    for (const unit of [...args.units].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const template = unit.name.replace(/@[^.]+\./, "@.");
      const isUpstream = upstreamHas(unit.name) || (template !== unit.name && upstreamHas(template));
      const asDropin = unit.overrideStrategy === "asDropin" || (isUpstream && unit.overrideStrategy === "asDropinIfExists");
      if (unit.text === null) {
        link(unit.name, "/dev/null");
      } else if (asDropin) {
        if (unit.text.trim() !== "") {
          mkdirSync(join(out, `${unit.name}.d`), { recursive: true });
          writeFileSync(join(out, `${unit.name}.d`, "overrides.conf"), unit.text);
        }
      } else {
        writeFileSync(join(out, unit.name), unit.text);
      }
      for (const alias of unit.aliases) link(alias, unit.name);
      for (const target of unit.wantedBy) link(`${target}.wants/${unit.name}`, `../${unit.name}`);
      for (const target of unit.requiredBy) link(`${target}.requires/${unit.name}`, `../${unit.name}`);
      for (const target of unit.upheldBy) link(`${target}.upholds/${unit.name}`, `../${unit.name}`);
    }
    for (const [name, target] of Object.entries(args.links).sort()) link(name, target);
  },
};

/** `/etc/systemd/system` (scope "system", the default) or `/etc/systemd/user` of a generation. */
export function unitsDirectory(store: Store, opts: { units: RenderedUnit[]; sw: Derivation; links: Record<string, string>; scope?: "system" | "user" }): Derivation {
  const scope = opts.scope ?? "system";
  return store.derivation({
    kind: unitsDirectoryBuilder.kind,
    name: `${scope}-units`,
    inputs: [opts.sw],
    args: {
      units: opts.units,
      upstream: [`${opts.sw.outPath}/lib/systemd/${scope}`],
      links: opts.links,
    },
  });
}
