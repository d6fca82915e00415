export type IniAtom = string | number | boolean;
export type IniSections = Record<string, Record<string, IniAtom>>;

/** One jail of services.fail2ban.jails: raw lines, or the submodule's values. */
export type Jail = string | { enabled: boolean; filter: string | IniSections | null; settings: Record<string, IniAtom> };

/**
 * nixpkgs' `pkgs.formats.ini { mkKeyValue = mkKeyValueDefault {} " = "; }`: sections and keys
 * in sorted order, `key = value`, booleans as true/false, a blank line between sections.
 */
export function toIni(sections: IniSections): string {
  return Object.keys(sections)
    .sort()
    .map((name) => {
      const section = sections[name] ?? {};
      const lines = Object.keys(section)
        .sort()
        .map((key) => `${key} = ${String(section[key])}\n`);
      return `[${name}]\n${lines.join("")}`;
    })
    .join("\n");
}

/**
 * /etc/fail2ban/jail.local as nixos/modules/services/security/fail2ban.nix builds it: an ini of
 * `[INCLUDES] before = <paths file>` and every attribute-set jail (`enabled`, `filter`, its
 * settings; DEFAULT has no `enabled`), then each jail given as lines, `[name]` and its text.
 * `filter`: a string names a filter of filter.d; a set is written as filter.d/<jail>.conf and
 * named after the jail. (NixOS's own test `builtins.isString filter` looks at lib's `filter`
 * function, so there a string filter is replaced by the jail's name; Keel uses the string.)
 */
export function jailLocalText(jails: Record<string, Jail>, pathsFile: string): string {
  const sections: IniSections = { INCLUDES: { before: pathsFile } };
  const raw: string[] = [];
  for (const name of Object.keys(jails).sort()) {
    const jail = jails[name] as Jail;
    if (typeof jail === "string") {
      if (jail !== "") raw.push(`[${name}]\n${jail}\n`);
      continue;
    }
    sections[name] = {
      ...(name !== "DEFAULT" ? { enabled: jail.enabled } : {}),
      ...(jail.filter !== null ? { filter: typeof jail.filter === "string" ? jail.filter : name } : {}),
      ...jail.settings,
    };
  }
  return toIni(sections) + raw.join("\n");
}

/** filter.d/<jail>.conf for each jail whose filter is given as sections. */
export function jailFilterFiles(jails: Record<string, Jail>): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, jail] of Object.entries(jails)) {
    if (typeof jail !== "string" && jail.filter !== null && typeof jail.filter !== "string") files[`fail2ban/filter.d/${name}.conf`] = toIni(jail.filter);
  }
  return files;
}
