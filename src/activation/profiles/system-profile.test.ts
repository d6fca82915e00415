import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readlinkSync, utimesSync, writeFileSync, lutimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  addGeneration,
  CurrentGenerationError,
  deleteGenerations,
  describeGenerations,
  GenerationNotFoundError,
  readGenerations,
  rollbackGeneration,
  switchGeneration,
  systemProfilePath,
} from "./system-profile.ts";

function fakeToplevel(dir: string, name: string, opts: { specialisations?: string[] } = {}): string {
  const top = join(dir, name);
  mkdirSync(join(top, "kernel-modules/lib/modules/6.1.0-test"), { recursive: true });
  writeFileSync(join(top, "keel-version"), "0.1.0");
  for (const s of opts.specialisations ?? []) mkdirSync(join(top, "specialisation", s), { recursive: true });
  utimesSync(top, new Date(), new Date());
  return top;
}

describe("system profile generations", () => {
  const dir = mkdtempSync(join(tmpdir(), "keel-profile-"));
  const profile = systemProfilePath(join(dir, "var"));
  mkdirSync(join(dir, "var/profiles"), { recursive: true });
  const t1 = fakeToplevel(dir, "t1");
  const t2 = fakeToplevel(dir, "t2", { specialisations: ["vfio"] });
  const t3 = fakeToplevel(dir, "t3");

  test("addGeneration numbers generations, flips the profile with a relative link, and reuses an identical current one", () => {
    assert.equal(addGeneration(profile, t1).number, 1);
    assert.equal(addGeneration(profile, t2).number, 2);
    assert.equal(addGeneration(profile, t2).number, 2, "same toplevel: no new generation");
    assert.equal(addGeneration(profile, t3).number, 3);
    assert.equal(readlinkSync(profile), "system-3-link");
    assert.deepEqual(readGenerations(profile).map((g) => [g.number, g.current]), [[1, false], [2, false], [3, true]]);
  });

  test("rollback moves to the highest older generation; switch-generation to any existing one", () => {
    assert.equal(rollbackGeneration(profile).number, 2);
    assert.equal(readlinkSync(profile), "system-2-link");
    assert.equal(switchGeneration(profile, 1).number, 1);
    assert.throws(() => rollbackGeneration(profile), GenerationNotFoundError);
    assert.throws(() => switchGeneration(profile, 9), GenerationNotFoundError);
    switchGeneration(profile, 3);
  });

  test("list-generations shows version, kernel, specialisations and the current marker, newest first", () => {
    const info = describeGenerations(profile);
    assert.deepEqual(info.map((g) => g.generation), [3, 2, 1]);
    assert.equal(info[0]?.current, true);
    assert.equal(info[1]?.kernelVersion, "6.1.0-test");
    assert.equal(info[1]?.keelVersion, "0.1.0");
    assert.deepEqual(info[1]?.specialisations, ["vfio"]);
    assert.match(info[0]?.date ?? "", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  test("delete-generations: the current one is refused by number and kept by old and ages", () => {
    assert.throws(() => deleteGenerations(profile, ["3"]), CurrentGenerationError);
    // Generation 1 is 40 days old, 2 is 35: with 30d, 2 was still current at the cutoff and stays.
    const day = 86_400_000;
    lutimesSync(`${profile}-1-link`, new Date(Date.now() - 40 * day), new Date(Date.now() - 40 * day));
    lutimesSync(`${profile}-2-link`, new Date(Date.now() - 35 * day), new Date(Date.now() - 35 * day));
    assert.deepEqual(deleteGenerations(profile, ["30d"], { dryRun: true }).map((g) => g.number), [1]);
    assert.deepEqual(deleteGenerations(profile, ["old"], { dryRun: true }).map((g) => g.number), [1, 2]);
    assert.deepEqual(deleteGenerations(profile, ["1.."]).map((g) => g.number), [1, 2]);
    assert.deepEqual(readGenerations(profile).map((g) => g.number), [3]);
  });
});
