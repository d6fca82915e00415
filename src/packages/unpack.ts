import { spawn } from "node:child_process";
import { chmod, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { UnpackError } from "./errors.ts";

/** Where a package's control data lives inside its store path (a dot-dir, so merged trees skip it). */
export const CONTROL_DIR = ".keel-deb";

/**
 * Unpacks a .deb into `out` the way dpkg would lay its files down, without running maintainer
 * scripts: `data.tar.*` (xz, zst or gz: dpkg-deb knows them all) becomes the package's tree, and
 * the control members (`control`, `conffiles`, `md5sums`, and the maintainer scripts as inert
 * data) go to `out/.keel-deb/`. Symlinks are extracted as symlinks with their targets verbatim,
 * absolute ones included: they resolve on the target machine. Owners are not kept (the store is
 * root-owned); modes are, set-id bits included, as shipped.
 */
export async function unpackDeb(deb: string, out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  await runPipe(deb, ["dpkg-deb", "--fsys-tarfile", deb], ["tar", "-x", "-f", "-", "-C", out, "--no-same-owner", "--preserve-permissions"]);
  const control = join(out, CONTROL_DIR);
  await run(deb, "dpkg-deb", ["--control", deb, control]);
  // Maintainer scripts are kept for reference only; clearing their exec bit says so.
  for (const name of await readdir(control)) await chmod(join(control, name), 0o644);
}

function run(deb: string, cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", (e) => reject(new UnpackError(deb, `${cmd}: ${e.message}`)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new UnpackError(deb, `${cmd} exited with ${code}: ${stderr}`))));
  });
}

/** `a | b`, failing if either side fails (a corrupt member makes dpkg-deb fail while tar sees EOF). */
function runPipe(deb: string, a: string[], b: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const producer = spawn(a[0] as string, a.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    const consumer = spawn(b[0] as string, b.slice(1), { stdio: ["pipe", "ignore", "pipe"] });
    producer.stdout.pipe(consumer.stdin);
    let stderr = "";
    producer.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    consumer.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    let pending = 2;
    let failure: string | undefined;
    const done = (name: string) => (code: number | null) => {
      if (code !== 0) failure ??= `${name} exited with ${code}`;
      if (--pending === 0) failure ? reject(new UnpackError(deb, `${failure}: ${stderr}`)) : resolve();
    };
    producer.on("error", (e) => reject(new UnpackError(deb, e.message)));
    consumer.on("error", (e) => reject(new UnpackError(deb, e.message)));
    producer.on("close", done(a[0] as string));
    consumer.on("close", done(b[0] as string));
  });
}
