import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BadForwardError } from "./errors.ts";
import { kernelCommandLine, parseForward, qemuArgs, type VmSpec } from "./qemu-command.ts";

const spec: VmSpec = {
  name: "demo",
  toplevel: "/keel/store/aaaa-keel-system-demo",
  storeDir: "/keel/store",
  disk: "/work/demo.qcow2",
  memoryMiB: 2048,
  cores: 2,
  accel: "tcg",
  kernelParams: ["loglevel=4"],
  network: "user",
  forwards: [{ host: 2222, guest: 22 }],
  serial: "mon:stdio",
};
const valuesAfter = (args: string[], flag: string) => args.filter((_, i) => args[i - 1] === flag);

describe("qemuArgs", () => {
  test("boots the generation's kernel and initrd with stage 1's parameters", () => {
    const args = qemuArgs(spec);
    assert.deepEqual(valuesAfter(args, "-kernel"), ["/keel/store/aaaa-keel-system-demo/kernel"]);
    assert.deepEqual(valuesAfter(args, "-initrd"), ["/keel/store/aaaa-keel-system-demo/initrd"]);
    assert.equal(
      valuesAfter(args, "-append")[0],
      "init=/keel/store/aaaa-keel-system-demo/init root=/dev/vda rootfstype=ext4 keel.store=store console=ttyS0 loglevel=4",
    );
  });

  test("loads the uncompressed kernel when one is given, with the generation's initrd and command line", () => {
    const args = qemuArgs({ ...spec, kernel: "/keel/store/bbbb-vmlinux-linux-image/vmlinux" });
    assert.deepEqual(valuesAfter(args, "-kernel"), ["/keel/store/bbbb-vmlinux-linux-image/vmlinux"]);
    assert.deepEqual(valuesAfter(args, "-initrd"), ["/keel/store/aaaa-keel-system-demo/initrd"]);
    assert.match(valuesAfter(args, "-append")[0] ?? "", /^init=\/keel\/store\/aaaa-keel-system-demo\/init /);
  });

  test("shares the store read-only over 9p under the tag stage 1 mounts", () => {
    assert.deepEqual(valuesAfter(qemuArgs(spec), "-virtfs"), ["local,path=/keel/store,mount_tag=store,security_model=none,readonly=on"]);
  });

  test("with a store image: no 9p share, the image read-only after the root disk, found by its label", () => {
    const args = qemuArgs({ ...spec, storeImage: "/keel/store/cccc-store-image-demo/store.img" });
    assert.deepEqual(valuesAfter(args, "-virtfs"), []);
    const drives = valuesAfter(args, "-drive");
    assert.match(drives[0] ?? "", /^file=\/work\/demo\.qcow2,/, "the root disk stays first: /dev/vda");
    assert.equal(drives[1], "file=/keel/store/cccc-store-image-demo/store.img,format=raw,if=none,id=store,readonly=on");
    assert.deepEqual(valuesAfter(args, "-device").filter((d) => d.startsWith("virtio-blk-pci")), ["virtio-blk-pci,drive=root", "virtio-blk-pci,drive=store"]);
    assert.match(valuesAfter(args, "-append")[0] ?? "", / keel\.store=LABEL=keel-store /);
  });

  test("memory, cores, accelerator, disk and serial console come from the spec", () => {
    const args = qemuArgs(spec);
    assert.deepEqual(valuesAfter(args, "-m"), ["2048"]);
    assert.deepEqual(valuesAfter(args, "-smp"), ["2"]);
    assert.deepEqual(valuesAfter(args, "-accel"), ["tcg"]);
    // Everything TCG emulates but what only loads modules at boot (qemu-command.ts says which).
    assert.deepEqual(valuesAfter(args, "-cpu"), ["max,-svm,-vmx,-aes,-pclmulqdq"]);
    assert.deepEqual(valuesAfter(qemuArgs({ ...spec, accel: "kvm" }), "-cpu"), ["host"]);
    assert.match(valuesAfter(args, "-drive")[0] ?? "", /^file=\/work\/demo\.qcow2,format=qcow2,/);
    assert.deepEqual(valuesAfter(args, "-serial"), ["mon:stdio"]);
  });

  test("port forwards listen on loopback only", () => {
    assert.deepEqual(valuesAfter(qemuArgs(spec), "-netdev"), ["user,id=user0,hostfwd=tcp:127.0.0.1:2222-:22"]);
  });

  test("test machines get no user network, one socket netdev per LAN, the backdoor console and -no-reboot", () => {
    const args = qemuArgs({ ...spec, network: "none", vlans: [{ hubPort: 4000, mac: "52:54:00:12:01:01" }], shellSocket: "/s/shell", monitorSocket: "/s/monitor", noReboot: true, serial: "stdio" });
    assert.deepEqual(valuesAfter(args, "-netdev"), ["socket,id=vlan0,connect=127.0.0.1:4000"]);
    assert.ok(valuesAfter(args, "-device").includes("virtio-net-pci,netdev=vlan0,mac=52:54:00:12:01:01"));
    assert.ok(valuesAfter(args, "-chardev").includes("socket,id=shell,path=/s/shell"));
    assert.ok(valuesAfter(args, "-device").includes("virtconsole,chardev=shell"));
    assert.deepEqual(valuesAfter(args, "-monitor"), ["unix:/s/monitor,server=on,wait=off"]);
    assert.ok(args.includes("-no-reboot"));
    assert.ok(!args.some((a) => a.startsWith("user,")));
  });

  test("extra kernel parameters come last", () => {
    assert.match(kernelCommandLine({ ...spec, extraKernelParams: ["panic=1"] }), / loglevel=4 panic=1$/);
  });
});

describe("parseForward", () => {
  test("reads HOST:GUEST", () => assert.deepEqual(parseForward("2222:22"), { host: 2222, guest: 22 }));
  for (const bad of ["22", "0:22", "2222:70000", "a:b", "2222:22:1", ""]) {
    test(`rejects ${JSON.stringify(bad)} naming the value`, () => {
      assert.throws(() => parseForward(bad), (e: unknown) => e instanceof BadForwardError && e.message.includes(`--forward ${bad}`));
    });
  }
});
