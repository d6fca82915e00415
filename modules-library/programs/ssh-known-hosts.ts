import { readFileSync } from "node:fs";

export interface KnownHost {
  certAuthority: boolean;
  hostNames: string[];
  publicKey: string | null;
  publicKeyFile: string | null;
}

/**
 * /etc/ssh/ssh_known_hosts from programs.ssh.knownHosts, as nixos/modules/programs/ssh.nix
 * writes it: one line per entry, in attribute-name order, `@cert-authority ` for a CA, the host
 * names joined with commas, then the key (read from publicKeyFile when the build runs).
 * Problems are returned, not thrown, so the evaluation reports them all as assertions.
 */
export function knownHostsText(hosts: Record<string, KnownHost>): { text: string; problems: string[] } {
  const lines: string[] = [];
  const problems: string[] = [];
  for (const [name, h] of Object.entries(hosts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if ((h.publicKey === null) === (h.publicKeyFile === null)) {
      problems.push(`knownHost ${name} must contain either a publicKey or publicKeyFile`);
      continue;
    }
    if (h.hostNames.length === 0) {
      problems.push(`programs.ssh.knownHosts.${name}.hostNames is empty: list the names and addresses the key is for (by default, the attribute name and extraHostNames).`);
      continue;
    }
    const key = h.publicKey?.trim() ?? readKeyFile(name, h.publicKeyFile as string, problems);
    if (key === undefined) continue;
    if (key.includes("\n")) {
      problems.push(`programs.ssh.knownHosts.${name}: one key per entry (found several lines); use programs.ssh.knownHostsFiles for a host with several keys.`);
      continue;
    }
    lines.push(`${h.certAuthority ? "@cert-authority " : ""}${h.hostNames.join(",")} ${key}`);
  }
  return { text: `${lines.join("\n")}\n`, problems };
}

function readKeyFile(name: string, path: string, problems: string[]): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (error) {
    problems.push(`programs.ssh.knownHosts.${name}.publicKeyFile: cannot read ${path} (${error instanceof Error ? error.message : String(error)}).`);
    return undefined;
  }
}
