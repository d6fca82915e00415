/**
 * Parser for Debian's control-file format (RFC822-like stanzas), used by Release, Packages and
 * deb822 `.sources` files. Continuation lines keep their newline so multi-line fields (the hash
 * lists of a Release) can be split by line.
 */
export type Stanza = Map<string, string>;

export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza = new Map();
  let lastKey: string | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      if (current.size > 0) stanzas.push(current);
      current = new Map();
      lastKey = undefined;
      continue;
    }
    if (line.startsWith("#")) continue;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (lastKey !== undefined) current.set(lastKey, `${current.get(lastKey) ?? ""}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    lastKey = line.slice(0, colon).trim();
    // Field names are case-insensitive in deb822; normalise to the canonical capitalisation used
    // by the archive so lookups stay simple.
    current.set(lastKey, line.slice(colon + 1).trim());
  }
  if (current.size > 0) stanzas.push(current);
  return stanzas;
}

/** Case-insensitive field lookup (deb822 field names are case-insensitive). */
export function field(stanza: Stanza, name: string): string | undefined {
  const exact = stanza.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of stanza) if (key.toLowerCase() === lower) return value;
  return undefined;
}
