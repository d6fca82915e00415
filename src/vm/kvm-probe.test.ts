import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { probeArgs, probeBootSector, probeShellFunction } from "./kvm-probe.ts";

const haveQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;

test("the probe sector is a bootable 512-byte sector", () => {
  const s = probeBootSector();
  assert.equal(s.length, 512);
  assert.deepEqual([s[510], s[511]], [0x55, 0xaa]);
});

test("under TCG the probe guest runs and exits QEMU with status 99", { skip: !haveQemu && "qemu missing" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "keel-probe-"));
  try {
    writeFileSync(join(dir, "p.img"), probeBootSector());
    const r = spawnSync("qemu-system-x86_64", probeArgs(join(dir, "p.img"), "tcg"), { timeout: 20_000 });
    assert.equal(r.status, 99);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the shell version writes the same sector", () => {
  const fn = probeShellFunction();
  const line = fn.split("\n").find((l) => l.includes("printf '\\xb0"));
  assert.ok(line);
  const r = spawnSync("bash", ["-c", line.trim().replace(/> "\$img"$/, "")], { encoding: "buffer" });
  assert.deepEqual(r.stdout, probeBootSector());
});
