import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { KeelError } from "../errors.ts";

export class MachineError extends KeelError {
  readonly code = "machine";
  constructor(message: string, readonly consoleTail: string[] = []) {
    super(consoleTail.length > 0 ? `${message}\nLast console lines:\n${consoleTail.map((l) => `  ${l}`).join("\n")}` : message);
  }
}

export interface NspawnOptions {
  /** The generation to boot (`<toplevel>/init` becomes PID 1). */
  toplevel: string;
  /** The store, bind-mounted read-only at the same path inside. */
  storeDir: string;
  /** The machine's root directory (persistent state); created if missing. */
  rootDir: string;
  name: string;
  /** Extra arguments for systemd (e.g. `systemd.unit=rescue.target`). */
  kernelArgs?: string[];
  log?: (line: string) => void;
}

/** The environment commands inside the machine run with. */
const guestPath = "/run/current-system/sw/bin:/run/current-system/sw/sbin";

/**
 * A generation booted in systemd-nspawn: real systemd as PID 1 over the generation's own files,
 * in about a second. Where the host's PID 1 is not systemd, nspawn needs `--register=no
 * --keep-unit` (there is no machined to register with and no unit to move into).
 */
export class NspawnMachine {
  private readonly console: string[] = [];
  private exited: { code: number | null; signal: string | null } | undefined;

  private constructor(
    readonly options: NspawnOptions,
    private readonly child: ChildProcess,
  ) {}

  static start(options: NspawnOptions): NspawnMachine {
    // nspawn refuses a root without a /usr directory; stage 2 fills it with links into the generation.
    mkdirSync(`${options.rootDir}/usr`, { recursive: true });
    // The root must be traversable by the machine's service users (mkdtemp makes it 0700).
    chmodSync(options.rootDir, 0o755);
    const args = [
      "--register=no",
      "--keep-unit",
      "--quiet",
      "--console=pipe",
      // The machine's own /etc/localtime and resolv.conf are the configuration's, not the host's.
      "--timezone=off",
      "--resolv-conf=off",
      "--link-journal=no",
      "--private-network",
      `--machine=${options.name}`,
      `--directory=${options.rootDir}`,
      `--bind-ro=${options.storeDir}`,
      `${options.toplevel}/init`,
      ...(options.kernelArgs ?? []),
    ];
    const child = spawn("systemd-nspawn", args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SYSTEMD_LOG_COLOR: "0" } });
    const machine = new NspawnMachine(options, child);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split(/\r?\n/)) {
        if (!line) continue;
        machine.console.push(line);
        if (machine.console.length > 2000) machine.console.shift();
        options.log?.(line);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code, signal) => {
      machine.exited = { code, signal };
    });
    return machine;
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  consoleTail(lines = 30): string[] {
    return this.console.slice(-lines);
  }

  /** The host pid of the machine's PID 1: the descendant of nspawn whose pid in its namespace is 1. */
  private leaderPid(): number | undefined {
    const root = this.child.pid;
    if (root === undefined) return undefined;
    const parents = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const status = readFileSync(`/proc/${entry}/status`, "utf8");
        const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
        parents.set(Number(entry), ppid);
        const nspid = /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/);
        if (nspid && nspid.length >= 2 && nspid[nspid.length - 1] === "1") {
          let p: number | undefined = Number(entry);
          while (p !== undefined && p > 1) {
            p = parents.get(p) ?? Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1]);
            if (p === root) return Number(entry);
          }
        }
      } catch {
        // The process ended while we looked.
      }
    }
    return undefined;
  }

  /** Runs a shell command inside the machine; resolves with its exit status and output. */
  async execute(command: string, timeoutMs = 60_000): Promise<{ status: number; stdout: string; stderr: string }> {
    const pid = this.leaderPid();
    if (pid === undefined) throw new MachineError(`${this.options.name} is not running`, this.consoleTail());
    // The guest's environment is set inside: nsenter itself is found on the host's PATH.
    const guestEnv = `export PATH=${guestPath} HOME=/root TERM=dumb SYSTEMD_PAGER= SYSTEMD_COLORS=0 LANG=C.UTF-8;`;
    const result = spawnSync("nsenter", ["-t", String(pid), "-a", "-r", "-w", "--", "/bin/sh", "-c", `${guestEnv} ${command}`], {
      encoding: "utf8",
      timeout: timeoutMs,
      env: { PATH: process.env.PATH ?? "/usr/bin:/usr/sbin:/bin:/sbin" },
    });
    return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  }

  /** Like execute, but a non-zero exit is an error showing the command's output and the console. */
  async succeed(command: string, timeoutMs?: number): Promise<string> {
    const result = await this.execute(command, timeoutMs);
    if (result.status !== 0) {
      throw new MachineError(
        `command failed in ${this.options.name} (exit ${result.status}): ${command}\n${result.stdout}${result.stderr}`,
        this.consoleTail(),
      );
    }
    return result.stdout;
  }

  /** Polls until `command` succeeds; gives up after `timeoutMs`. */
  async waitUntilSucceeds(command: string, timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = { status: -1, stdout: "", stderr: "" };
    while (Date.now() < deadline) {
      if (!this.running) throw new MachineError(`${this.options.name} stopped (${JSON.stringify(this.exited)})`, this.consoleTail());
      if (this.leaderPid() !== undefined) {
        last = await this.execute(command);
        if (last.status === 0) return last.stdout;
      }
      await sleep(250);
    }
    throw new MachineError(`timed out waiting for: ${command}\n${last.stdout}${last.stderr}`, this.consoleTail());
  }

  /** Waits until the unit is active; fails at once if it failed. */
  async waitForUnit(unit: string, timeoutMs = 120_000): Promise<void> {
    const state = await this.waitUntilSucceeds(
      `s=$(systemctl show -P ActiveState ${unit}); echo "$s"; [ "$s" = active ] || [ "$s" = failed ]`,
      timeoutMs,
    );
    if (state.trim() === "failed") {
      const status = await this.execute(`systemctl status --no-pager --lines=20 ${unit}`);
      throw new MachineError(`unit ${unit} failed:\n${status.stdout}`, this.consoleTail());
    }
  }

  /** Pulls the plug: SIGKILL to nspawn, no shutdown inside. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGKILL");
    while (this.running) await sleep(50);
  }

  /** Whether the machine's PID 1 is up (commands can be run). */
  get ready(): boolean {
    return this.leaderPid() !== undefined;
  }

  /** Stops the machine (systemd poweroff, then SIGKILL if it will not go). */
  async shutdown(timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    await this.execute("systemctl poweroff --no-block").catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    while (this.running && Date.now() < deadline) await sleep(100);
    if (this.running) this.child.kill("SIGKILL");
    while (this.running) await sleep(50);
  }
}

export function nspawnAvailable(): boolean {
  return spawnSync("systemd-nspawn", ["--version"]).status === 0 && existsSync("/proc/self/ns/pid") && process.getuid?.() === 0;
}
