import { spawnSync } from "node:child_process";

/** One entry as systemd's own parser (bootctl 252) reads it. */
export interface ListedEntry {
  id: string;
  path: string;
  title: string;
  sortKey?: string;
  version?: string;
  options?: string;
  linux?: string;
  initrd?: string[] | string;
  machineId?: string;
  triesLeft?: number;
  triesDone?: number;
  /** bootctl marked the entry `(default)` from loader.conf. */
  isDefault: boolean;
  /** bootctl reported a linux/initrd path that does not exist on the ESP. */
  missingFiles: boolean;
}

export interface BootctlListing {
  entries: ListedEntry[];
  /** bootctl's warnings: lines it could not parse in entries or loader.conf. */
  warnings: string[];
}

/**
 * `bootctl --esp-path=<esp> list`, as text (for the default marker and missing-file notes) and
 * JSON. bootctl insists the ESP is a mount point, so it runs in a private mount namespace over a
 * bind mount of the directory; SYSTEMD_RELAX_ESP_CHECKS lets it accept a non-FAT file system.
 */
export function bootctlList(esp: string): BootctlListing {
  const script = 'mount --bind "$1" "$1" && bootctl --esp-path="$1" --no-variables --json=short list && echo @@@ && bootctl --esp-path="$1" --no-variables list';
  const r = spawnSync("unshare", ["-m", "sh", "-c", script, "sh", esp], {
    encoding: "utf8",
    env: { ...process.env, SYSTEMD_RELAX_ESP_CHECKS: "1", SYSTEMD_PAGER: "", SYSTEMD_COLORS: "0" },
  });
  if (r.status !== 0) throw new Error(`bootctl list failed (${r.status}): ${r.stderr}`);
  const [json = "", text = ""] = r.stdout.split("@@@\n");
  const blocks = text.split(/\n\s*\n/).filter((b) => b.includes(" id: "));
  const entries = json
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l, i) => {
      const raw = JSON.parse(l) as Omit<ListedEntry, "isDefault" | "missingFiles">;
      const block = blocks.find((b) => b.includes(`id: ${raw.id}\n`)) ?? blocks[i] ?? "";
      return { ...raw, isDefault: /title: .*\(default\)/.test(block), missingFiles: /No such file/.test(block) };
    });
  const warnings = r.stderr.split("\n").filter((l) => l.trim() !== "");
  return { entries, warnings };
}
