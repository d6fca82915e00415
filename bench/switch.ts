// Bench: bin/switch-to-configuration against real systemd in systemd-nspawn. A no-op switch (the
// running generation again) and a one-service change, each timed as a whole process (Node start,
// planning, D-Bus, activation) and counted in D-Bus round trips. Target: no-op < 1 s.
// `npx tsx bench/switch.ts [runs]` (root; builds two variants of hosts/demo into the test store)
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { defineModule } from "../src/modules/index.ts";
import { buildHost } from "../src/system/build-host.ts";
import { repoDir, testStore } from "../src/system/testing/test-store.ts";
import { NspawnMachine } from "../src/vm/nspawn-machine.ts";

const runs = Number(process.argv[2] ?? 5);
const variant = (v: string) =>
  defineModule({ config: { systemd: { services: { "bench-svc": { wantedBy: ["multi-user.target"], environment: { V: v }, script: "exec sleep infinity" } } } } });
const build = async (v: string) => (await buildHost({ repoDir, host: "demo", ...testStore, outLink: null, extraModules: [variant(v)] })).toplevel;

const a = await build("a");
const b = await build("b");
const rootDir = mkdtempSync(join("/var/tmp", "keel-bench-switch-"));
const machine = NspawnMachine.start({ toplevel: a, storeDir: testStore.storeDir, rootDir, name: "keel-bench-switch" });
try {
  await machine.waitUntilSucceeds("systemctl is-system-running --wait >/dev/null; s=$(systemctl is-system-running); [ \"$s\" = running ] || [ \"$s\" = degraded ]", 90_000);
  const measure = async (toplevel: string) => {
    const t0 = performance.now();
    const r = await machine.execute(`KEEL_SWITCH_STATS=1 ${process.env.BENCH_NO_CHECK ? "KEEL_NO_CHECK=1 " : ""}${toplevel}/bin/switch-to-configuration switch`, 120_000);
    const wall = performance.now() - t0;
    if (r.status !== 0) throw new Error(`switch failed (${r.status}):\n${r.stderr}`);
    const stats = JSON.parse(/keel-switch-stats (.*)/.exec(r.stderr)?.[1] ?? "{}") as { roundTrips: number; ms: number };
    return { wall, ...stats };
  };
  const summary = (label: string, xs: { wall: number; ms: number; roundTrips: number }[]) => {
    const walls = xs.map((x) => x.wall).sort((p, q) => p - q);
    const median = walls[Math.floor(walls.length / 2)]!;
    console.log(`${label}: median ${median.toFixed(0)} ms wall (min ${walls[0]!.toFixed(0)}, max ${walls[walls.length - 1]!.toFixed(0)}), in-process ${xs.map((x) => x.ms).join("/")} ms, D-Bus round trips ${xs.map((x) => x.roundTrips).join("/")}`);
  };
  const noop = [];
  for (let i = 0; i < runs; i++) noop.push(await measure(a));
  summary(`no-op switch (${runs} runs)`, noop);
  const change = [];
  for (let i = 0; i < runs; i++) change.push(await measure(i % 2 === 0 ? b : a));
  summary(`one-service change (${runs} runs, alternating)`, change);
} finally {
  await machine.shutdown();
  rmSync(rootDir, { recursive: true, force: true });
}
