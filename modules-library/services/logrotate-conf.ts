import type { Package, PackageSet } from "../../src/packages/index.ts";
import { closureOf } from "../../src/packages/index.ts";
import { debianCommandLine } from "../../src/system/debian-exec.ts";
import type { Derivation } from "../../src/store/index.ts";

export type LogrotateValue = string | number | boolean | null | string[];
/** One section of services.logrotate.settings, after evaluation (declared options and freeform keys). */
export type LogrotateSection = Record<string, LogrotateValue> & { enable: boolean; global: boolean; files: string | string[]; priority: number };

const skipped = new Set(["files", "priority", "enable", "global"]);
const scripts = new Set(["firstaction", "lastaction", "prerotate", "postrotate", "preremove"]);

/** nixpkgs' generateLine: one directive, or null for bookkeeping keys and nulls. */
function directive(name: string, value: LogrotateValue): string | null {
  if (skipped.has(name) || value === null) return null;
  if (name === "frequency") return `${value}\n`;
  if (scripts.has(name)) return `${name}\n    ${value}\n  endscript\n`;
  if (value === true) return `${name}\n`;
  if (value === false) return `no${name}\n`;
  return `${name} ${value}\n`;
}

function sectionBody(section: Record<string, LogrotateValue>, indent: string): string {
  return Object.keys(section)
    .sort()
    .map((k) => directive(k, section[k] as LogrotateValue))
    .filter((l): l is string => l !== null)
    .join(indent);
}

function renderSection(section: LogrotateSection): string {
  if (section.global) return sectionBody(section, "");
  const files = (Array.isArray(section.files) ? section.files : [section.files]).map((f) => `"${f}"`).join("\n");
  return `${files} {\n  ${sectionBody(section, "  ")}}\n`;
}

/**
 * logrotate.conf as nixos/modules/services/logging/logrotate.nix writes it: the `header` section
 * (NixOS's defaults `missingok notifempty weekly rotate 4` under the user's, always global,
 * priority 100) and the enabled sections ordered by priority, then by name; directives sorted by
 * name within a section. As in NixOS, a user-defined `header` replaces the default `weekly` by its
 * own `frequency` (null unless set).
 */
export function logrotateConfText(settings: Record<string, LogrotateSection>): string {
  const defaults = { enable: true, missingok: true, notifempty: true, frequency: "weekly", rotate: 4 };
  const merged: Record<string, LogrotateSection> = { ...settings };
  merged.header = { ...defaults, files: "header", ...settings.header, global: true, priority: 100 } as LogrotateSection;
  // Stable sort over names in order: equal priorities keep the attribute order, as nixpkgs' sortProperties.
  const sections = Object.keys(merged)
    .sort()
    .map((name) => merged[name] as LogrotateSection)
    .filter((s) => s.enable)
    .sort((a, b) => a.priority - b.priority);
  return sections.map(renderSection).join("\n");
}

/**
 * The config as a store file, checked at build time by the package's `logrotate --debug` as NixOS's
 * checkPhase does: users in `su`/`create`/`createolddir` become the builder's (the target's
 * accounts do not exist here) and `missingok` is forced (nor do its logs); any `error:` line from
 * logrotate fails the build with the adjusted file and logrotate's complaint.
 */
export function checkedLogrotateConf(pkgs: PackageSet, pkg: Package, text: string, check: boolean): Derivation {
  const source = pkgs.writeText("logrotate.conf", text);
  if (!check) return source;
  const logrotate = debianCommandLine(pkgs.store, pkg, "logrotate");
  const script = [
    "set -o pipefail",
    'user=$(id -un); group=$(id -gn)',
    `sed -e "s/\\bsu\\s.*/su $user $group/" -e "s/\\b\\(create\\s\\+[0-9]*\\s*\\|createolddir\\s\\+[0-9]*\\s\\+\\).*/\\1$user $group/" -e "1imissingok" -e "s/\\bnomissingok\\b//" ${source.outPath} > logrotate.conf`,
    `if ! ${logrotate} -s logrotate.status --debug logrotate.conf 2>&1 | ( ! grep "error:" ) > logrotate-error; then`,
    '  echo "Logrotate configuration check failed."',
    '  echo "The failing configuration (after adjustments to pass tests in sandbox) was:"',
    '  printf "%s\\n" "-------"; cat logrotate.conf; printf "%s\\n" "-------"',
    '  echo "The error reported by logrotate was as follow:"',
    '  printf "%s\\n" "-------"; cat logrotate-error; printf "%s\\n" "-------"',
    '  echo "You can disable this check with services.logrotate.checkConfig = false."',
    "  exit 1",
    "fi",
    `cp ${source.outPath} "$out"`,
  ].join("\n");
  return pkgs.runCommand("logrotate.conf", { script, inputs: [...closureOf([pkg]), source] });
}
