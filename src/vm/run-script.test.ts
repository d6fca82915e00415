import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { renderRunScript } from "./run-script.ts";

const script = renderRunScript({
  name: "demo",
  toplevel: "/keel/store/aaaa-keel-system-demo",
  storeDir: "/keel/store",
  memoryMiB: 1536,
  cores: 2,
  kernelParams: ["loglevel=4"],
  forwards: [{ host: 2222, guest: 22 }],
  diskSizeMiB: 512,
});

test("run-<name>-vm is valid bash", () => {
  const r = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("QEMU gets the decided accelerator, the disk in the working directory, and the flags' values", () => {
  assert.match(script, /"-accel" "\$\{accel\}"/);
  assert.match(script, /"-cpu" "\$\{cpu\}"/);
  assert.match(script, /"-drive" "file=\$\{disk\},format=qcow2,/);
  assert.match(script, /disk=\$\(realpath -m "\$\{KEEL_DISK_IMAGE:-\.\/demo\.qcow2\}"\)/);
  assert.match(script, /"-m" "1536"/);
  assert.match(script, /"-smp" "2"/);
  assert.match(script, /hostfwd=tcp:127\.0\.0\.1:2222-:22/);
  assert.match(script, /"-serial" "mon:stdio"/);
  assert.match(script, /\$\{QEMU_OPTS:-\} "\$@"$/m);
});

test("the script's disk step makes an ext4 qcow2 once and reuses it", { skip: spawnSync("qemu-img", ["--version"]).status !== 0 && "qemu-img missing" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "keel-run-vm-"));
  try {
    // Only the disk step: everything up to the accelerator probe.
    const diskStep = script.slice(0, script.indexOf("pick_accel() {"));
    writeFileSync(join(dir, "step.sh"), diskStep);
    const run = () => spawnSync("bash", ["step.sh"], { cwd: dir, encoding: "utf8" });
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /creating the VM's disk/);
    const info = spawnSync("qemu-img", ["info", "--output=json", join(dir, "demo.qcow2")], { encoding: "utf8" });
    assert.equal(JSON.parse(info.stdout).format, "qcow2");
    assert.equal(JSON.parse(info.stdout)["virtual-size"], 512 * 1024 * 1024);
    const label = spawnSync("bash", ["-c", `qemu-img convert -O raw demo.qcow2 d.raw && e2label d.raw`], { cwd: dir, encoding: "utf8" });
    assert.equal(label.stdout.trim(), "keel", label.stderr);
    const second = run();
    assert.equal(second.status, 0);
    assert.doesNotMatch(second.stderr, /creating/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("with a boot disk: OVMF pflash, a qcow2 overlay over the image, no -kernel and no 9p store", () => {
  const s = renderRunScript({
    name: "demo", toplevel: "/keel/store/aaaa-keel-system-demo", storeDir: "/keel/store", memoryMiB: 1024, cores: 1,
    kernelParams: [], diskSizeMiB: 1024, bootDisk: { image: "/work/demo-boot-aaaa.raw", ovmfCode: "/ovmf/CODE.fd", ovmfVars: "/ovmf/VARS.fd" },
  });
  assert.equal(spawnSync("bash", ["-n"], { input: s }).status, 0);
  assert.match(s, /qemu-img create -q -f qcow2 -F raw -b \/work\/demo-boot-aaaa\.raw "\$disk\.tmp"/);
  assert.match(s, /"-drive" "if=pflash,format=raw,unit=0,readonly=on,file=\/ovmf\/CODE\.fd"/);
  assert.match(s, /"-drive" "if=pflash,format=raw,unit=1,file=\$\{vars\}"/);
  assert.match(s, /cp \/ovmf\/VARS\.fd "\$vars\.tmp"/);
  assert.doesNotMatch(s, /-kernel|-virtfs|mkfs\.ext4/);
  // Under TCG the firmware boot gets QEMU's full `max` (the reduced model broke stage 1 there).
  assert.match(s, /^cpu=max; \[ "\$accel" = kvm \] && cpu=host$/m);
  assert.match(script, /^cpu=max,-svm,-vmx,-aes,-pclmulqdq; /m);
});
