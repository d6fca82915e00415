import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareUnits } from "./compare-units.ts";
import { parseUnitText } from "./parse-unit.ts";

const base = "[Unit]\nDescription=Test\n\n[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n";
const cmp = (a: string, b: string) => compareUnits(parseUnitText(a), parseUnitText(b));

describe("parseUnitText", () => {
  test("repeated keys append, an empty assignment resets, [Install] is dropped, escapes survive", () => {
    const info = parseUnitText("[Service]\nExecStartPre=/a\nExecStartPre=/b\nEnvironment=X=1\nEnvironment=\nEnvironment=\"Y=2\"\n[Unit]\nRequires=dev-disk-by\\x2dlabel-root.device\n[Install]\nWantedBy=x.target\n");
    assert.deepEqual(info.get("Service")?.get("ExecStartPre"), ["/a", "/b"]);
    assert.deepEqual(info.get("Service")?.get("Environment"), ["Y=2"]);
    assert.deepEqual(info.get("Unit")?.get("Requires"), ["dev-disk-by\\x2dlabel-root.device"]);
    assert.equal(info.has("Install"), false);
  });
});

describe("compareUnits (reference §3.5)", () => {
  test("identical units and [Install]-only changes are equal", () => {
    assert.equal(cmp(base, base), "equal");
    assert.equal(cmp(base, base.replace("multi-user.target", "graphical.target")), "equal");
  });
  test("a changed Description does nothing; any other change restarts", () => {
    assert.equal(cmp(base, base.replace("Description=Test", "Description=Other")), "equal");
    assert.equal(cmp(base, base.replace("/bin/true", "/bin/false")), "restart");
    assert.equal(cmp(base, base.replace("[Service]\n", "[Service]\nUser=nobody\n")), "restart");
    assert.equal(cmp(base.replace("[Service]\n", "[Service]\nUser=nobody\n"), base), "restart");
    assert.equal(cmp(base, `${base}[X-Custom]\nA=b\n`), "restart");
  });
  test("ExecReload and reload triggers reload; removing them alone does nothing", () => {
    assert.equal(cmp(base, base.replace("[Service]\n", "[Service]\nExecReload=/bin/kill -HUP $MAINPID\n")), "reload");
    assert.equal(cmp(base.replace("[Service]\n", "[Service]\nExecReload=/a\n"), base), "equal");
    const trig = (v: string) => base.replace("[Unit]\n", `[Unit]\nX-Reload-Triggers=${v}\n`);
    assert.equal(cmp(base, trig("/store/a")), "reload");
    assert.equal(cmp(trig("/store/a"), trig("/store/b")), "reload");
    assert.equal(cmp(trig("/store/a"), base), "equal");
    // A trigger change together with another change restarts: restart dominates.
    assert.equal(cmp(trig("/store/a"), trig("/store/b").replace("/bin/true", "/bin/false")), "restart");
  });
  test("mount options reload (a remount); a changed type restarts", () => {
    const mount = (o: string, t = "ext4") => `[Mount]\nWhat=/dev/vdb\nWhere=/data\nType=${t}\nOptions=${o}\n`;
    assert.equal(cmp(mount("rw"), mount("ro")), "reload");
    assert.equal(cmp(mount("rw"), mount("rw", "xfs")), "restart");
  });
});
