import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { planFstab } from "../switch/fstab-changes.ts";
import type { ActiveUnit } from "../switch/switch-plan.ts";
import { planUnits } from "./plan-units.ts";

/** Two generations' unit directories written from {name: text}; a null text is a mask. */
function generation(units: Record<string, string | null>): { dirs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "keel-units-"));
  for (const [name, text] of Object.entries(units)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    if (text === null) symlinkSync("/dev/null", join(dir, name));
    else writeFileSync(join(dir, name), text);
  }
  return { dirs: [dir] };
}
const service = (exec: string, extra = "") => `[Unit]\nDescription=x\n[Service]\nExecStart=${exec}\n${extra}`;
const active = (...names: string[]): ActiveUnit[] => names.map((name) => ({ name, activeState: "active", subState: "running" }));
const none = { start: [], restart: [], reload: [] };

describe("planUnits (reference §3.4–§3.6)", () => {
  test("services: stop+start by default, restart with X-StopIfChanged=false, reload, skip, removal", () => {
    const old = generation({
      "a.service": service("/a"),
      "b.service": service("/b", "X-StopIfChanged=false\n"),
      "c.service": service("/c", "X-ReloadIfChanged=true\n"),
      "d.service": service("/d", "X-RestartIfChanged=false\n"),
      "e.service": service("/e"),
      "f.service": `[Unit]\nX-StopOnRemoval=false\n[Service]\nExecStart=/f\n`,
      "g.service": service("/g"),
      "h.service": service("/h"),
    });
    const next = generation({
      "a.service": service("/a2"),
      "b.service": service("/b2", "X-StopIfChanged=false\n"),
      "c.service": service("/c2", "X-ReloadIfChanged=true\n"),
      "d.service": service("/d2", "X-RestartIfChanged=false\n"),
      "g.service": null,
      "h.service": service("/h").replace("Description=x", "Description=y"),
    });
    const plan = planUnits({ active: active("a.service", "b.service", "c.service", "d.service", "e.service", "f.service", "g.service", "h.service"), old, next, resumed: none });
    assert.deepEqual([...plan.stop].sort(), ["a.service", "e.service", "g.service"]);
    assert.deepEqual([...plan.start], ["a.service"]);
    assert.deepEqual([...plan.restart], ["b.service"]);
    assert.deepEqual([...plan.reload], ["c.service"]);
    assert.deepEqual([...plan.skip], ["d.service"]);
  });

  test("RefuseManualStop and X-OnlyManualStart skip a changed unit; X-NotSocketActivated restarts through a stop+start of its own", () => {
    const sock = "[Socket]\nListenStream=/run/n.sock\n";
    const old = generation({ "r.service": service("/r"), "o.service": service("/o"), "n.service": service("/n"), "n.socket": sock });
    const next = generation({
      "r.service": service("/r2").replace("[Service]", "RefuseManualStop=true\n[Service]"),
      "o.service": service("/o2").replace("[Service]", "X-OnlyManualStart=true\n[Service]"),
      "n.service": service("/n2", "X-NotSocketActivated=true\n"),
      "n.socket": sock,
    });
    const plan = planUnits({ active: active("r.service", "o.service", "n.service", "n.socket"), old, next, resumed: none });
    assert.deepEqual([...plan.skip].sort(), ["o.service", "r.service"]);
    assert.deepEqual([...plan.stop].sort(), ["n.service", "n.socket"]);
    assert.deepEqual([...plan.start].sort(), ["n.service", "n.socket"]);
  });

  test("inactive units are not touched; resumed lists are carried over", () => {
    const old = generation({ "a.service": service("/a") });
    const next = generation({ "a.service": service("/a2") });
    const plan = planUnits({ active: [{ name: "a.service", activeState: "inactive", subState: "dead" }], old, next, resumed: { start: ["x.service"], restart: ["y.service"], reload: [] } });
    assert.deepEqual([...plan.stop], []);
    assert.deepEqual([...plan.start], ["x.service"]);
    assert.deepEqual([...plan.restart], ["y.service"]);
  });

  test("targets are re-started (hidden), sleep targets never, X-StopOnReconfiguration also stops", () => {
    const t = "[Unit]\nDescription=t\n";
    const old = generation({ "app.target": t, "hybrid-sleep.target": t, "keys.target": t, "gone.target": t });
    const next = generation({ "app.target": `${t}Wants=x.service\n`, "hybrid-sleep.target": t, "keys.target": `${t}X-StopOnReconfiguration=true\n` });
    const plan = planUnits({ active: active("app.target", "hybrid-sleep.target", "keys.target", "gone.target"), old, next, resumed: none });
    assert.deepEqual([...plan.start].sort(), ["app.target", "keys.target"]);
    assert.deepEqual([...plan.hidden].sort(), ["app.target", "keys.target"]);
    assert.deepEqual([...plan.stop].sort(), ["gone.target", "keys.target"]);
  });

  test("a changed socket-activated service stops with its socket; only the socket is started again", () => {
    const sock = "[Socket]\nListenStream=/run/s.sock\n";
    const old = generation({ "s.service": service("/s"), "s.socket": sock });
    const next = generation({ "s.service": service("/s2"), "s.socket": sock });
    const plan = planUnits({ active: active("s.service", "s.socket"), old, next, resumed: none });
    assert.deepEqual([...plan.stop].sort(), ["s.service", "s.socket"]);
    assert.deepEqual([...plan.start], ["s.socket"]);
    // Not yet activated (service inactive): nothing happens, the socket starts the new one on demand.
    const idle = planUnits({ active: active("s.socket"), old, next, resumed: none });
    assert.deepEqual([...idle.stop, ...idle.start, ...idle.restart], []);
  });

  test("template instances follow their template; mounts restart, the root remounts; sockets are left alone", () => {
    const old = generation({ "i@.service": service("/i"), "data.mount": "[Mount]\nWhat=/dev/a\nWhere=/data\n", "-.mount": "[Mount]\nWhat=/dev/r\nWhere=/\n", "x.socket": "[Socket]\nListenStream=1\n" });
    const next = generation({ "i@.service": service("/i2"), "data.mount": "[Mount]\nWhat=/dev/b\nWhere=/data\n", "-.mount": "[Mount]\nWhat=/dev/r2\nWhere=/\n", "x.socket": "[Socket]\nListenStream=2\n" });
    const plan = planUnits({ active: active("i@one.service", "data.mount", "-.mount", "x.socket"), old, next, resumed: none });
    assert.deepEqual([...plan.stop], ["i@one.service"]);
    assert.deepEqual([...plan.start], ["i@one.service"]);
    assert.deepEqual([...plan.restart], ["data.mount"]);
    assert.deepEqual([...plan.reload], ["-.mount"]);
  });

  test("fstab: changed options remount, a changed device restarts, a vanished mount stops, a vanished swap is turned off", () => {
    const plan = planUnits({ active: [], old: { dirs: [] }, next: { dirs: [] }, resumed: none });
    const swaps = planFstab(
      plan,
      "/dev/a /data ext4 rw 0 2\n/dev/b /srv ext4 rw 0 2\n/dev/c /old-stuff ext4 rw 0 2\n/dev/s none swap sw 0 0\n# /dev/x /x ext4\n",
      "/dev/a /data ext4 ro 0 2\n/dev/b2 /srv ext4 rw 0 2\n",
    );
    assert.deepEqual([...plan.reload], ["data.mount"]);
    assert.deepEqual([...plan.restart], ["srv.mount"]);
    assert.deepEqual([...plan.stop], ["old\\x2dstuff.mount"]);
    assert.deepEqual(swaps, ["/dev/s"]);
  });
});
