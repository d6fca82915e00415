// Bench: seconds from QEMU's start to multi-user.target for hosts/demo (with the test backdoor,
// which is how it is observed), the boot's phases as the serial console shows them, QEMU's CPU
// time, and systemd-analyze's split. Root; TCG unless KVM really works here. Each boot is the
// first boot of a fresh state disk. `npx tsx bench/vm.ts [boots] [--store-image] [--cores=N]`
// (--store-image: the closure from an ext4 image instead of the host's store over 9p,
// src/vm/store-image.ts; --cores: vCPUs, default 1 as build-vm's).
import { loadavg } from "node:os";
import { repoDir, testStore } from "../src/system/testing/test-store.ts";
import { chooseAccel, QemuMachine, TestDriver } from "../src/vm/index.ts";

const args = process.argv.slice(2);
const storeImage = args.includes("--store-image");
const boots = Number(args.find((a) => !a.startsWith("--")) ?? 1);
const cores = Number(args.find((a) => a.startsWith("--cores="))?.slice("--cores=".length) ?? 1);
const driver = await TestDriver.create({ nodes: { demo: { host: "demo", storeImage, cores } }, repoDir, storeDir: testStore.storeDir, stateDir: testStore.stateDir });
const results: number[] = [];

/** Console lines that start each phase (stage 1's and stage 2's banners, systemd's welcome). */
const phases: [string, RegExp][] = [
  ["kernel", /keel stage 1: /],
  ["stage 1", /<<< Keel stage 2: /],
  ["stage 2 (activation)", /Welcome to /],
  ["systemd", /Reached target .*multi-user\.target/],
];

try {
  const demo = driver.machine("demo");
  if (!(demo instanceof QemuMachine)) throw new Error("the bench needs the QEMU backend");
  for (let i = 1; i <= boots; i++) {
    const load = loadavg()[0]?.toFixed(1);
    await demo.start();
    // All waits at once, so each resolves when its line arrives.
    const seen = await Promise.all(phases.map(([, re]) => demo.waitForConsoleText(re, 600_000).then(() => (Date.now() - demo.startedAt) / 1000)));
    const cpu = demo.cpuSeconds();
    const seconds = seen.at(-1) ?? Number.NaN;
    results.push(seconds);
    const split = phases.map(([name], k) => `${name} ${(seen[k]! - (k === 0 ? 0 : seen[k - 1]!)).toFixed(1)}`).join(", ");
    await demo.waitForUnit("multi-user.target");
    const analyze = (await demo.succeed("systemd-analyze time 2>&1 || true")).trim();
    const chain = (await demo.succeed("systemd-analyze critical-chain --no-pager multi-user.target 2>&1 | head -15 || true")).trimEnd();
    const blame = (await demo.succeed("systemd-analyze blame --no-pager 2>&1 | head -8 || true")).trimEnd();
    console.log(`boot ${i} (accel ${chooseAccel()}, store ${storeImage ? "image" : "9p"}, ${cores} vCPU, load average ${load}): QEMU start → multi-user.target ${seconds.toFixed(1)} s; QEMU CPU ${cpu?.toFixed(1)} s`);
    console.log(`  phases (s): ${split}`);
    console.log(`  ${analyze.replace(/\n/g, "\n  ")}`);
    console.log(`  critical chain:\n    ${chain.replace(/\n/g, "\n    ")}`);
    console.log(`  slowest units:\n    ${blame.replace(/\n/g, "\n    ")}`);
    await demo.shutdown();
  }
  const sorted = [...results].sort((a, b) => a - b);
  console.log(`multi-user.target: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} s over ${boots} boot(s) (min ${sorted[0]?.toFixed(1)}, max ${sorted.at(-1)?.toFixed(1)}); target < 15 s under TCG`);
} finally {
  await driver.close();
}
