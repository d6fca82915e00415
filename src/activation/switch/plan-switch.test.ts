import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { needsReexec, planSwitch } from "./plan-switch.ts";

const dir = mkdtempSync(join(tmpdir(), "keel-plan-switch-"));

/** A toplevel with the files planSwitch reads: etc tree, activation.json, kernel, initrd, params. */
function toplevel(name: string, o: { etc: Record<string, string>; kernel: string; params: string; users?: string[]; initInterface?: string }): string {
  const top = join(dir, name);
  const etc = join(dir, `${name}-etc`);
  for (const [path, text] of Object.entries(o.etc)) {
    mkdirSync(join(etc, path, ".."), { recursive: true });
    writeFileSync(join(etc, path), text);
  }
  mkdirSync(join(top, "systemd/lib/systemd"), { recursive: true });
  writeFileSync(join(top, "systemd/lib/systemd/systemd"), "");
  symlinkSync(etc, join(top, "etc"));
  writeFileSync(join(dir, `${name}-${o.kernel}`), o.kernel);
  symlinkSync(join(dir, `${name}-${o.kernel}`), join(top, "kernel"));
  writeFileSync(join(top, "kernel-params"), o.params);
  writeFileSync(join(top, "init-interface-version"), o.initInterface ?? "systemd 2");
  const users = ["root", ...(o.users ?? [])].map((u) => ({
    name: u, uid: u === "root" ? 0 : null, group: u === "root" ? "root" : "users", description: "", home: `/home/${u}`, homeMode: "700", createHome: false, isSystemUser: false,
    shell: null, password: null, hashedPassword: null, hashedPasswordFile: null, initialPassword: null, initialHashedPassword: null, expires: null,
  }));
  const spec = { version: 1, etc, users: { mutableUsers: false, users, groups: [{ name: "root", gid: 0, members: [] }, { name: "users", gid: 100, members: [] }] }, systemdTmpfiles: "/bin/true", wrappers: [] };
  writeFileSync(join(top, "activation.json"), JSON.stringify(spec));
  return top;
}

describe("planSwitch", () => {
  const old = toplevel("old", { etc: { hostname: "a\n", "ssh/sshd_config": "x\n", motd: "hi\n" }, kernel: "k1", params: "quiet", users: ["alice"] });
  const next = toplevel("next", { etc: { hostname: "b\n", "ssh/sshd_config": "x\n", issue: "new\n" }, kernel: "k1", params: "quiet loglevel=4", users: ["bob"] });
  const root = join(dir, "root");
  mkdirSync(join(root, "etc"), { recursive: true });
  mkdirSync(join(root, "run"), { recursive: true });
  symlinkSync(join(dir, "old-etc"), join(root, "etc/static"));
  symlinkSync(old, join(root, "run/current-system"));
  symlinkSync(old, join(root, "run/booted-system"));
  writeFileSync(join(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:1000:100::/home/alice:/bin/sh\n");
  writeFileSync(join(root, "etc/group"), "root:x:0:\nusers:x:100:\n");
  mkdirSync(join(root, "var/lib/nixos"), { recursive: true });
  writeFileSync(join(root, "var/lib/nixos/declarative-users"), "alice");

  test("lists /etc entries added, changed and removed, and the accounts created and removed", () => {
    const plan = planSwitch({ action: "dry-activate", root, toplevel: next, activeUnits: [], resumed: { start: [], restart: [], reload: [] } });
    assert.deepEqual(plan.etc, { added: ["issue"], changed: ["hostname"], removed: ["motd"] });
    assert.deepEqual(plan.accounts.addedUsers, ["bob"]);
    assert.deepEqual(plan.accounts.removedUsers, ["alice"]);
    assert.equal(plan.current, old);
  });

  test("a kernel parameter change against the booted generation needs a reboot; the same generation does not", () => {
    const plan = planSwitch({ action: "switch", root, toplevel: next, activeUnits: [], resumed: { start: [], restart: [], reload: [] } });
    assert.equal(plan.reboot.required, true);
    assert.match(plan.reboot.reasons.join(), /kernel parameters changed \("quiet" → "quiet loglevel=4"\)/);
    assert.equal(planSwitch({ action: "switch", root, toplevel: old, activeUnits: [], resumed: { start: [], restart: [], reload: [] } }).reboot.required, false);
  });

  test("another init interface refuses a live switch; boot ignores units and resumed lists", () => {
    const odd = toplevel("odd", { etc: {}, kernel: "k1", params: "quiet", initInterface: "systemd 3" });
    assert.equal(planSwitch({ action: "switch", root, toplevel: odd, activeUnits: [], resumed: { start: [], restart: [], reload: [] } }).initInterfaceChanged, true);
    const boot = planSwitch({ action: "boot", root, toplevel: odd, activeUnits: [], resumed: { start: ["x.service"], restart: [], reload: [] } });
    assert.equal(boot.initInterfaceChanged, false);
    assert.deepEqual(boot.units.start, []);
  });

  test("PID 1 re-executes for another systemd binary or system.conf", () => {
    const exe = join(next, "systemd/lib/systemd/systemd");
    assert.equal(needsReexec(root, next, exe), false);
    assert.equal(needsReexec(root, next, join(old, "systemd/lib/systemd/systemd")), true);
    const conf = toplevel("conf", { etc: { "systemd/system.conf": "[Manager]\n" }, kernel: "k1", params: "quiet" });
    assert.equal(needsReexec(root, conf, join(conf, "systemd/lib/systemd/systemd")), true);
  });
});
