import { chmodSync, chownSync, copyFileSync, mkdirSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { WrapperSpec } from "../activation-spec.ts";
import { symlinkAtomic } from "../../atomic-files.ts";

/**
 * Setuid and setgid programs (sudo, su, passwd...). The store keeps no set-id bits (an old,
 * vulnerable generation must not stay privileged), so activation copies each program to a fresh
 * directory under /run/wrappers, sets owner and bits there, and swaps `/run/wrappers/bin` to it
 * in one rename, as NixOS does. /run is a tmpfs: wrappers never outlive a boot.
 */
export function installWrappers(
  root: string,
  wrappers: WrapperSpec[],
  lookupId: (kind: "user" | "group", name: string) => number | undefined,
): void {
  const base = join(root, "run/wrappers");
  mkdirSync(base, { recursive: true, mode: 0o755 });
  const name = `wrappers.${process.pid}.${Date.now()}`;
  const dir = join(base, name);
  mkdirSync(dir, { mode: 0o755 });
  for (const w of wrappers) {
    const dest = join(dir, w.name);
    copyFileSync(w.source, dest);
    chownSync(dest, lookupId("user", w.owner) ?? 0, lookupId("group", w.group) ?? 0);
    let mode = Number.parseInt(w.permissions, 8);
    if (w.setuid) mode |= 0o4000;
    if (w.setgid) mode |= 0o2000;
    // chmod after chown: chown clears set-id bits.
    chmodSync(dest, mode);
  }
  const link = join(base, "bin");
  let old: string | undefined;
  try {
    old = readlinkSync(link);
  } catch {
    old = undefined;
  }
  symlinkAtomic(name, link);
  if (old && old !== name && !old.includes("/")) rmSync(join(base, old), { recursive: true, force: true });
}
