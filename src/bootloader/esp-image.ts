import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { KeelError } from "../errors.ts";

/** A disk-image tool (mkfs.vfat, mtools, sfdisk, mkfs.ext4) failed. */
export class ImageToolError extends KeelError {
  readonly code = "image-tool-failed";
  constructor(
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`${command} failed: ${stderr.trim()}. The tools come from dosfstools, mtools, fdisk and e2fsprogs (scripts/setup.sh installs them).`);
  }
}

export function runTool(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...(input !== undefined ? { input } : {}), env: { ...process.env, MTOOLS_SKIP_CHECK: "1" } });
  if (r.error || r.status !== 0) throw new ImageToolError(`${cmd} ${args.join(" ")}`, r.stderr || String(r.error ?? ""));
  return r.stdout;
}

/** An mtools image reference: a whole file, or a partition at a byte offset inside a disk image. */
export function mtoolsImage(image: string, offsetBytes = 0): string {
  return offsetBytes === 0 ? image : `${image}@@${offsetBytes}`;
}

/**
 * A FAT32 file system image of `sizeMiB` holding `dir`'s tree, made without mounting anything
 * (mkfs.vfat, then mcopy): image builds run where loop devices and vfat mounts are unavailable.
 */
export function packFatImage(dir: string, image: string, sizeMiB: number): void {
  runTool("mkfs.vfat", ["-F", "32", "-n", "ESP", "-C", image, String(sizeMiB * 1024)]);
  const top = readdirSync(dir).map((n) => join(dir, n));
  if (top.length > 0) runTool("mcopy", ["-s", "-p", "-m", "-i", image, ...top, "::/"]);
}

/** Copies a FAT image's whole tree out into `dir` (which must be empty or absent). */
export function unpackFatImage(image: string, dir: string, offsetBytes = 0): void {
  mkdirSync(dir, { recursive: true });
  runTool("mcopy", ["-s", "-p", "-m", "-n", "-i", mtoolsImage(image, offsetBytes), "::/*", dir]);
}

/** File names in a directory of a FAT image (e.g. `/loader/entries`), sorted. */
export function listFatDir(image: string, path: string, offsetBytes = 0): string[] {
  const out = runTool("mdir", ["-b", "-i", mtoolsImage(image, offsetBytes), `::${path}`]);
  return out
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => l.replace(/^::\//, "").split("/").at(-1)!)
    .filter((n) => n !== "" && n !== "." && n !== "..")
    .sort();
}

export function fatImageHas(image: string, path: string, offsetBytes = 0): boolean {
  return existsSync(image) && spawnSync("mdir", ["-b", "-i", mtoolsImage(image, offsetBytes), `::${path}`], { env: { ...process.env, MTOOLS_SKIP_CHECK: "1" } }).status === 0;
}
