// QEMU scenario: a generation whose root is `fileSystems."/"` on a UUID boots with no root= on the
// kernel command line. Stage 1 finds root by UUID and a needed-for-boot disk by label (no udev),
// systemd mounts the ESP and turns on swap from the generated /etc/fstab; a root that is not there
// ends stage 1 with a message naming it, after the configured device timeout.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { defineModule } from "../src/modules/index.ts";
import { testStore } from "../src/system/testing/test-store.ts";
import { chooseAccel } from "../src/vm/kvm-probe.ts";
import { buildDemoWith, qemuSkipReason } from "./support/vm-test.ts";

const ROOT_UUID = "5b0e6a1c-7d2f-4e3a-9c8b-1a2b3c4d5e6f";
const SWAP_UUID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const DATA_LABEL = "keel data";
const ESP_ID = "1A2B3C4D"; // mkfs.vfat -i: the volume id, shown as UUID 1A2B-3C4D
const REPORT = "KEEL-FS-REPORT";

/** The machine's disks, declared as a hardware configuration would, plus a service that reports what got mounted. */
const disks = (rootUuid: string, rootOptions: string[] = []) =>
  defineModule({
    config: {
      fileSystems: {
        "/": { device: `/dev/disk/by-uuid/${rootUuid}`, fsType: "ext4", options: rootOptions },
        "/var/lib/data": { label: DATA_LABEL, fsType: "ext4", neededForBoot: true },
        "/boot": { device: "/dev/disk/by-uuid/1A2B-3C4D", fsType: "vfat", options: ["fmask=0077", "dmask=0077"] },
      },
      swapDevices: [{ device: `/dev/disk/by-uuid/${SWAP_UUID}`, priority: 7 }, { device: "/var/swapfile", size: 16, priority: 3 }],
      systemd: {
        services: {
          "fs-report": {
            wantedBy: ["multi-user.target"],
            after: ["local-fs.target", "swap.target", "var-swapfile.swap"],
            serviceConfig: { Type: "oneshot" },
            // Only bash builtins: the report must not depend on which tools the system has.
            script: [
              "mounts=; while read -r src dst type _; do case $dst in /|/var/lib/data|/boot) mounts=\"$mounts$dst $src $type;\" ;; esac; done < /proc/self/mounts",
              "swaps=; { read -r _; while read -r name _ _ _ prio; do swaps=\"$swaps$name,$prio;\"; done; } < /proc/swaps",
              `echo "${REPORT} mounts=$mounts swaps=$swaps" > /dev/ttyS0`,
              "systemctl poweroff --no-block",
            ].join("\n"),
          },
        },
      },
    },
  });

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")}: ${r.stderr}`);
}

/** Boots `toplevel` with -kernel, the store over 9p and `drives`, without root=; resolves with the console when QEMU exits. */
function boot(toplevel: string, drives: string[], timeoutMs: number): Promise<string> {
  const params = readFileSync(join(toplevel, "kernel-params"), "utf8").trim();
  const args = [
    "-accel", chooseAccel(), "-cpu", "max", "-m", "1024", "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
    "-kernel", `${toplevel}/kernel`, "-initrd", `${toplevel}/initrd`,
    // panic=1 with -no-reboot: a stage 1 that gives up ends QEMU instead of hanging.
    "-append", `init=${toplevel}/init keel.store=store console=ttyS0 panic=1 ${params}`,
    "-virtfs", `local,path=${testStore.storeDir},mount_tag=store,security_model=none,readonly=on`,
    ...drives.flatMap((file, i) => ["-drive", `file=${file},format=raw,if=none,id=d${i}`, "-device", `virtio-blk-pci,drive=d${i}`]),
  ];
  return new Promise((resolve) => {
    const qemu = spawn("qemu-system-x86_64", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    qemu.stdout.on("data", (d) => (out += d));
    qemu.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => qemu.kill("SIGKILL"), timeoutMs);
    qemu.on("exit", () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe("fileSystems: a generation boots from its configured root, mounts and swap", { skip: qemuSkipReason() }, () => {
  const dir = mkdtempSync(join("/var/tmp", "keel-fs-boot-"));
  const image = (name: string) => join(dir, `${name}.img`);
  let good: string;
  let missing: string;

  before(async () => {
    const build = buildDemoWith;
    good = await build(disks(ROOT_UUID));
    // A UUID no disk has; a short device timeout keeps the failure quick.
    missing = await build(disks("00000000-0000-4000-8000-000000000000", ["x-systemd.device-timeout=3s"]));
    for (const n of ["root", "data", "esp", "swap"]) run("truncate", ["-s", n === "esp" ? "64M" : "256M", image(n)]);
    run("mkfs.ext4", ["-q", "-F", "-U", ROOT_UUID, "-L", "not-the-root-label", image("root")]);
    run("mkfs.ext4", ["-q", "-F", "-L", DATA_LABEL, image("data")]);
    run("mkfs.vfat", ["-i", ESP_ID, "-n", "ESP", image("esp")]);
    run("mkswap", ["-q", "-U", SWAP_UUID, image("swap")]);
  });
  after(() => {
    if (!process.env.KEEL_KEEP_VM_STATE) rmSync(dir, { recursive: true, force: true });
  });

  test("the kernel command line has no root=; the generation's boot.json says nothing of root either", () => {
    assert.doesNotMatch(readFileSync(join(good, "kernel-params"), "utf8"), /root=/);
    assert.doesNotMatch(readFileSync(join(good, "boot.json"), "utf8"), /root=/);
  });

  test("stage 1 mounts root by UUID and the data disk by label; systemd mounts the ESP and turns on swap (a partition, and a file it creates)", async () => {
    // Disks in an order unlike their declaration: nothing may depend on /dev/vda being root.
    const console = await boot(good, [image("swap"), image("data"), image("root"), image("esp")], 240_000);
    writeFileSync(join(dir, "console-good.log"), console);
    assert.match(console, /keel stage 1: mounted \/dev\/vdc on \/ \(ext4\)/, console.slice(-3000));
    assert.match(console, /keel stage 1: mounted \/dev\/vdb on \/var\/lib\/data \(ext4\)/);
    const report = new RegExp(`${REPORT} mounts=(.*) swaps=(.*)`).exec(console);
    assert.ok(report, `no report from the booted system:\n${console.slice(-3000)}`);
    const mounts = (report[1] ?? "").split(";").filter(Boolean).sort();
    assert.deepEqual(mounts, ["/ /dev/vdc ext4", "/boot /dev/vdd vfat", "/var/lib/data /dev/vdb ext4"]);
    const swaps = (report[2] ?? "").trim().split(";").filter(Boolean).sort();
    assert.deepEqual(swaps, ["/dev/vda,7", "/var/swapfile,3"], "the partition by UUID and a swap file made at boot");
  });

  test("a root device that never appears: stage 1 names it and gives up after the device timeout", async () => {
    const console = await boot(missing, [image("root")], 120_000);
    assert.match(console, /keel stage 1: waiting for device UUID=00000000-0000-4000-8000-000000000000 to appear\.\.\./);
    assert.match(console, /keel stage 1: timed out after 3 s waiting for device UUID=00000000-0000-4000-8000-000000000000, the file system for \/\. Check fileSystems\."\/"\.device/);
    assert.match(console, /vda/, "the block devices present are listed");
  });
});
