import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { planUnits } from "../units/plan-units.ts";
import { escapeSystemdPath } from "../../system/units/unit-names.ts";
import { parseFstab, planFstab, unescapeFstabField } from "./fstab-changes.ts";

const emptyPlan = () => planUnits({ active: [], old: { dirs: [] }, next: { dirs: [] }, resumed: { start: [], restart: [], reload: [] } });

describe("fstab changes", () => {
  test("octal escapes are undone before the unit name is made (as systemd-fstab-generator does)", () => {
    assert.equal(unescapeFstabField("/mnt/my\\040disk\\011x"), "/mnt/my disk\tx");
    const { mounts } = parseFstab("/dev/disk/by-label/a\\x20b /mnt/my\\040disk ext4 defaults 0 2\n");
    assert.deepEqual([...mounts.keys()], ["/mnt/my disk"]);
    assert.equal(mounts.get("/mnt/my disk")?.device, "/dev/disk/by-label/a\\x20b", "udev's \\x escapes are not fstab's: kept");
    assert.equal(escapeSystemdPath("/mnt/my disk"), "mnt-my\\x20disk");
  });

  test("a removed mount with a blank in its path stops the unit systemd knows it by", () => {
    const plan = emptyPlan();
    planFstab(plan, "tmpfs /mnt/my\\040scratch tmpfs size=16M 0 0\n", "");
    assert.deepEqual([...plan.stop], ["mnt-my\\x20scratch.mount"]);
  });

  test("an automounted entry that goes away stops its automount unit", () => {
    const plan = emptyPlan();
    planFstab(plan, "nas:/share /srv/share nfs x-systemd.automount,_netdev 0 0\n", "");
    assert.deepEqual([...plan.stop], ["srv-share.automount"]);
  });

  test("root and Keel's store are never restarted: a new device waits for a reboot, new options remount", () => {
    const plan = emptyPlan();
    planFstab(
      plan,
      "/dev/a / ext4 x-initrd.mount 0 1\n/dev/s /keel/store ext4 defaults 0 2\n/dev/k /keel ext4 defaults 0 2\n",
      "/dev/b / ext4 x-initrd.mount 0 1\n/dev/s2 /keel/store ext4 noatime 0 2\n/dev/k2 /keel ext4 defaults 0 2\n",
    );
    assert.deepEqual([...plan.restart], []);
    assert.deepEqual([...plan.reload], ["keel-store.mount"]);
    assert.ok(plan.decisions.some((d) => d.unit === "keel-store.mount" && d.decision === "fstab"));
  });

  test("unchanged entries and new ones are left alone (new mounts come up with local-fs.target)", () => {
    const plan = emptyPlan();
    const swaps = planFstab(plan, "tmpfs /a tmpfs size=1M 0 0\n/dev/s none swap defaults\n", "tmpfs /a tmpfs size=1M 0 0\ntmpfs /b tmpfs size=1M 0 0\n/dev/s none swap defaults,pri=3\n");
    assert.deepEqual([...plan.stop, ...plan.restart, ...plan.reload], []);
    assert.deepEqual(swaps, [], "a swap whose options changed is kept (reference §3.8)");
  });
});
