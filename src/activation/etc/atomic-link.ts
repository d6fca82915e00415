import { renameSync, rmSync, symlinkSync } from "node:fs";

/** Points `path` at `target` in one rename, so readers see the old link or the new, never none. */
export function replaceSymlink(path: string, target: string): void {
  const temp = `${path}.tmp-keel`;
  rmSync(temp, { force: true });
  symlinkSync(target, temp);
  renameSync(temp, path);
}
