// The Quick start's main command: builds hosts/demo as a QEMU VM and boots it. On a terminal the
// VM's serial console is yours (Ctrl-a x quits). Without one (CI), it watches the console until
// multi-user.target, checks sshd answers on the forwarded port, prints what it saw, and powers the
// VM off through QEMU's monitor (ACPI power button: a clean systemd shutdown).
import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const sshPort = Number(process.env.KEEL_DEMO_SSH_PORT ?? 2222);
const rebuild = (args: string[]) => spawnSync(process.execPath, [`${root}/bin/rebuild.js`, ...args], { stdio: "inherit" });

if (rebuild(["build-vm", "--host", "demo", "--repo", root, "--forward", `${sshPort}:22`, ...process.argv.slice(2)]).status !== 0) {
  process.exitCode = 1;
} else {
  const script = `${process.cwd()}/result/bin/run-demo-vm`;
  if (process.stdin.isTTY) {
    console.log(`Booting the demo VM; once it is up, log in with:\n  ${login()}\nCtrl-a x powers the VM off.`);
    process.exitCode = spawnSync(script, [], { stdio: "inherit" }).status ?? 1;
  } else {
    process.exitCode = await watchBoot(script);
  }
}

function sshBanner(): Promise<string | undefined> {
  return new Promise((done) => {
    const s = connect(sshPort, "127.0.0.1");
    s.setTimeout(10_000, () => s.destroy());
    s.once("data", (d) => {
      done(d.toString().trim());
      s.destroy();
    });
    s.once("error", () => done(undefined));
    s.once("close", () => done(undefined));
  });
}

async function watchBoot(script: string): Promise<number> {
  const t0 = Date.now();
  const vm = spawn(script, [], { stdio: ["pipe", "pipe", "inherit"] });
  let console_ = "";
  let reached = 0;
  const seconds = () => ((Date.now() - t0) / 1000).toFixed(1);
  const exited = new Promise<number>((done) => vm.on("exit", (code) => done(code ?? 1)));
  const up = new Promise<void>((done) => {
    vm.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      console_ += chunk.toString();
      if (!reached && /Reached target .*multi-user\.target/.test(console_)) {
        reached = Date.now();
        done();
      }
    });
  });
  const limit = new Promise<"timeout">((done) => setTimeout(() => done("timeout"), 300_000).unref());
  if ((await Promise.race([up.then(() => "up" as const), exited.then(() => "exited" as const), limit])) !== "up") {
    vm.kill("SIGKILL");
    console.error(`\ndemo: the VM did not reach multi-user.target (see the console above)`);
    return 1;
  }
  let banner: string | undefined;
  for (let i = 0; i < 30 && !banner; i++) {
    banner = await sshBanner();
    if (!banner) await new Promise((r) => setTimeout(r, 1000));
  }
  // Ctrl-a c switches the mon:stdio console to QEMU's monitor; the ACPI power button makes systemd shut down.
  vm.stdin.write("\x01c");
  vm.stdin.write("system_powerdown\n");
  const fallback = setTimeout(() => vm.stdin.write("quit\n"), 90_000);
  const code = await exited;
  clearTimeout(fallback);
  console.log(`\n\ndemo: multi-user.target reached ${((reached - t0) / 1000).toFixed(1)} s after QEMU started`);
  console.log(`demo: sshd on 127.0.0.1:${sshPort}: ${banner ?? "no answer"}`);
  console.log(`demo: log in with: ${login()}`);
  console.log(`demo: powered off after ${seconds()} s (QEMU exit status ${code})`);
  return banner && code === 0 ? 0 : 1;
}

function login(): string {
  return `ssh -p ${sshPort} alice@127.0.0.1 (with alice's key from hosts/demo/default.ts); ./result/bin/run-demo-vm boots it again`;
}
