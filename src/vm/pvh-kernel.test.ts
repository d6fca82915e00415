import assert from "node:assert/strict";
import { closeSync, openSync, readlinkSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildHost } from "../system/build-host.ts";
import { canRunSystemTests, repoDir, testStore } from "../system/testing/test-store.ts";
import { realisePvhKernel } from "./pvh-kernel.ts";
import { vmVariant } from "./vm-variant.ts";

/** The ELF notes of a 64-bit little-endian ELF file, as (owner, type) pairs. */
function elfNotes(path: string): { owner: string; type: number }[] {
  const fd = openSync(path, "r");
  try {
    const read = (offset: number, length: number) => {
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, offset);
      return buf;
    };
    const header = read(0, 64);
    assert.equal(header.toString("latin1", 0, 4), "\x7fELF");
    assert.equal(header[4], 2, "a 64-bit ELF");
    const phoff = Number(header.readBigUInt64LE(32));
    const phentsize = header.readUInt16LE(54);
    const phnum = header.readUInt16LE(56);
    const notes: { owner: string; type: number }[] = [];
    for (let i = 0; i < phnum; i++) {
      const ph = read(phoff + i * phentsize, phentsize);
      if (ph.readUInt32LE(0) !== 4) continue; // PT_NOTE
      const data = read(Number(ph.readBigUInt64LE(8)), Number(ph.readBigUInt64LE(32)));
      for (let at = 0; at + 12 <= data.length; ) {
        const namesz = data.readUInt32LE(at);
        const descsz = data.readUInt32LE(at + 4);
        notes.push({ owner: data.toString("latin1", at + 12, at + 12 + Math.max(namesz - 1, 0)), type: data.readUInt32LE(at + 8) });
        at += 12 + Math.ceil(namesz / 4) * 4 + Math.ceil(descsz / 4) * 4;
      }
    }
    return notes;
  } finally {
    closeSync(fd);
  }
}

test("the demo's kernel unpacks to an ELF QEMU can enter through PVH", { skip: !canRunSystemTests && "needs root (the shared test store)" }, async () => {
  const built = await buildHost({ repoDir, host: "demo", storeDir: testStore.storeDir, stateDir: testStore.stateDir, extraModules: [vmVariant], outLink: null });
  const vmlinux = await realisePvhKernel(built.context.store, built.toplevel);
  assert.ok(vmlinux.startsWith(testStore.storeDir));
  // The payload is several times the compressed image.
  assert.ok(statSync(vmlinux).size > 3 * statSync(readlinkSync(join(built.toplevel, "kernel"))).size);
  // XEN_ELFNOTE_PHYS32_ENTRY (18): the 32-bit entry point QEMU's PVH loader jumps to.
  assert.ok(elfNotes(vmlinux).some((n) => n.owner === "Xen" && n.type === 18), "a Xen PHYS32_ENTRY note");
  // Realising again finds the same path (a deterministic function of the kernel).
  assert.equal(await realisePvhKernel(built.context.store, built.toplevel), vmlinux);
});
