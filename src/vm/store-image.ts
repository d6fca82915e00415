import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { runProcess } from "../run-process.ts";
import type { Builder, Derivation, RealiseOptions, Store } from "../store/index.ts";
import { VmToolMissingError } from "./errors.ts";

/** The file system label stage 1 finds the image by (`keel.store=LABEL=keel-store`). */
export const STORE_IMAGE_LABEL = "keel-store";

/**
 * A read-only ext4 image of a generation's closure, for `build-vm --store-image` (NixOS's
 * `virtualisation.useNixStoreImage`): the guest mounts it at the store's path instead of the
 * host's store over 9p.
 *
 * Why: the 9p client of Debian's kernel keeps no negative lookups and reads every symlink from
 * the host, one round trip each (~0.45 ms under TCG). A boot makes thousands: systemd looks for
 * drop-in directories of every unit in every unit path, and every path through `sw/` crosses
 * links. From an image the guest's own caches answer them; demo's boot to multi-user.target took
 * 33 s instead of 41 s. The price: the image is built per generation (about 10 s and the
 * closure's size again in the store), and generations built later are not in it, so a VM booted
 * from an image cannot switch to them.
 *
 * The closure is hard-linked into a staging tree on the store's file system (nothing is copied)
 * and `mke2fs -d` writes the image from it. The UUID and hash seed come from the derivation's
 * hash and the time is fixed, so the image depends only on the closure.
 */
export const storeImageBuilder: Builder = {
  kind: "store-image",
  version: 1,
  async build(ctx) {
    const { toplevel } = ctx.drv.args as { toplevel: string };
    const staging = join(ctx.tmpDir, "store");
    mkdirSync(staging);
    const closure = ctx.store.closure([toplevel]);
    await run("cp", ["-al", "--", ...closure, staging]);
    const usage = await run("du", ["-sk", "--", staging]);
    const files = (await run("find", [staging, "-printf", "."])).length;
    const kib = Number(usage.split(/\s/)[0]);
    // ext4's own metadata plus slack, so the image never runs out of blocks or inodes.
    const sizeMiB = Math.ceil((kib * 1.1) / 1024) + 64;
    mkdirSync(ctx.out);
    const uuid = uuidFromHash(ctx.drv.hash);
    await run(
      "mke2fs",
      ["-q", "-t", "ext4", "-O", "^has_journal", "-m", "0", "-L", STORE_IMAGE_LABEL, "-U", uuid, "-E", `root_owner=0:0,hash_seed=${uuid}`,
        "-N", String(files + 1024), "-d", staging, join(ctx.out, "store.img"), `${sizeMiB}M`],
      { E2FSPROGS_FAKE_TIME: "1" },
    );
    ctx.log(`store image: ${closure.length} paths, ${files} files, ${sizeMiB} MiB`);
  },
};

/** Runs a host tool without blocking the event loop (a build may run beside others); its stdout. */
async function run(program: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const r = await runProcess(program, args, { ...process.env, ...env }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === "ENOENT" ? new VmToolMissingError(program, program === "mke2fs" ? "e2fsprogs" : "coreutils") : error;
  });
  if (r.code !== 0) throw new Error(`${program} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

/** A UUID made of the derivation's hash (base-32 characters mapped onto hex digits). */
function uuidFromHash(hash: string): string {
  const hex = Array.from(hash, (c) => (c.charCodeAt(0) % 16).toString(16)).join("").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const registered = new WeakSet<Store>();

/** The image derivation of a realised toplevel. */
export function storeImageDerivation(store: Store, toplevel: string): Derivation {
  if (!registered.has(store)) {
    registered.add(store);
    store.registerBuilder(storeImageBuilder);
  }
  const system = store.fromPath(toplevel);
  return store.derivation({ kind: "store-image", name: `store-image-${basename(toplevel).slice(33)}`, args: { toplevel }, inputs: [system] });
}

/** Realises the image of a built toplevel; returns the image file. */
export async function realiseStoreImage(store: Store, toplevel: string, opts: RealiseOptions = {}): Promise<string> {
  const drv = storeImageDerivation(store, toplevel);
  await store.realise([drv], opts);
  return join(drv.outPath, "store.img");
}
