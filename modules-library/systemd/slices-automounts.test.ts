import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("systemd.slices render [Slice] units; services join them by Slice=", () => {
  const { config } = evaluateWith({
    config: {
      systemd: {
        slices: { batch: { description: "Batch jobs", sliceConfig: { MemoryMax: "1G", CPUWeight: 20 } } },
        services: { crunch: { script: "true", serviceConfig: { Slice: "batch.slice" } } },
        user: { slices: { apps: { sliceConfig: { MemoryHigh: "2G" } } } },
      },
    },
  });
  const slice = config.systemd.units["batch.slice"].text as string;
  assert.match(slice, /^\[Slice\]\nCPUWeight=20\nMemoryMax=1G$/m);
  assert.match(slice, /^Description=Batch jobs$/m);
  assert.match(config.systemd.units["crunch.service"].text, /^Slice=batch\.slice$/m);
  assert.match(config.systemd.user.units["apps.slice"].text, /^MemoryHigh=2G$/m);
});

test("systemd.automounts are named after their mount point and install where asked", () => {
  const { config } = evaluateWith({
    config: {
      systemd: {
        mounts: [{ what: "server:/export", where: "/mnt/nfs data", type: "nfs" }],
        automounts: [{ where: "/mnt/nfs data", automountConfig: { TimeoutIdleSec: "10min" }, wantedBy: ["multi-user.target"] }],
      },
    },
  });
  const unit = config.systemd.units["mnt-nfs\\x20data.automount"];
  assert.ok(unit, Object.keys(config.systemd.units).filter((n: string) => n.startsWith("mnt")).join(", "));
  assert.match(unit.text, /^\[Automount\]\nTimeoutIdleSec=10min\nWhere=\/mnt\/nfs data$/m);
  assert.deepEqual(unit.wantedBy, ["multi-user.target"]);
  assert.ok(config.systemd.units["mnt-nfs\\x20data.mount"]);
});
