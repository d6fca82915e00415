import assert from "node:assert/strict";
import { test } from "node:test";
import { entryFileName, entryId, isBad, parseEntryFileName } from "./entry-names.ts";

test("entry file names carry systemd's boot counter after the id", () => {
  assert.equal(entryFileName(entryId(4)), "keel-generation-4.conf");
  assert.equal(entryFileName(entryId(4, "vfio"), { left: 3 }), "keel-generation-4-specialisation-vfio+3.conf");
  assert.deepEqual(parseEntryFileName("keel-generation-12+0-3.conf"), { id: "keel-generation-12", generation: 12, triesLeft: 0, triesDone: 3 });
  assert.deepEqual(parseEntryFileName("keel-generation-2-specialisation-gpu-v2.conf"), { id: "keel-generation-2-specialisation-gpu-v2", generation: 2, specialisation: "gpu-v2" });
  assert.deepEqual(parseEntryFileName("keel-generation-2-specialisation-vfio+1.conf"), { id: "keel-generation-2-specialisation-vfio", generation: 2, specialisation: "vfio", triesLeft: 1 });
  assert.equal(isBad(parseEntryFileName("keel-generation-5+0-1.conf")!), true);
  assert.equal(isBad(parseEntryFileName("keel-generation-5+1.conf")!), false);
  for (const other of ["debian.conf", "keel-generation-.conf", "nixos-generation-1.conf", "keel-generation-1.conf.keel-tmp"]) {
    assert.equal(parseEntryFileName(other), undefined, other);
  }
});
