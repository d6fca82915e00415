import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BackdoorChannel, ChannelClosedError } from "./backdoor-channel.ts";
import { DEFAULT_WAIT_MS, type ExecResult, Machine } from "./machine.ts";
import type { MachineLog } from "./machine-log.ts";
import { qemuArgs, type VmSpec } from "./qemu-command.ts";
import { ensureStateDisk } from "./state-disk.ts";

export interface QemuMachineOptions extends Omit<VmSpec, "disk" | "serial" | "shellSocket" | "monitorSocket" | "noReboot" | "network"> {
  /** The machine's own directory: disk, sockets. Emptied at start unless keepState. */
  stateDir: string;
  keepState?: boolean;
  diskSizeMiB?: number;
}

/**
 * A machine in QEMU, driven through the test backdoor (the host must be built with
 * testInstrumentation). Its serial console (QEMU's stdio) is read line by line into the log.
 */
export class QemuMachine extends Machine {
  private child: ChildProcess | undefined;
  private exit: { code: number | null; signal: string | null } | undefined;
  private channel: BackdoorChannel | undefined;
  private connecting: Promise<BackdoorChannel> | undefined;
  private accepted: Promise<BackdoorChannel> | undefined;
  private stopListening: () => void = () => undefined;
  /** When QEMU was started (ms since epoch): the bench measures from here. */
  startedAt = 0;

  constructor(
    name: string,
    log: MachineLog,
    readonly options: QemuMachineOptions,
  ) {
    super(name, log);
  }

  get shellSocket(): string {
    return join(this.options.stateDir, "shell");
  }

  get monitorSocket(): string {
    return join(this.options.stateDir, "monitor");
  }

  get running(): boolean {
    return this.child !== undefined && this.exit === undefined;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const o = this.options;
    if (!o.keepState) rmSync(o.stateDir, { recursive: true, force: true });
    mkdirSync(o.stateDir, { recursive: true });
    const disk = join(o.stateDir, `${this.name}.qcow2`);
    ensureStateDisk(disk, o.diskSizeMiB);
    const args = qemuArgs({
      ...o,
      disk,
      serial: "stdio",
      network: "none",
      shellSocket: this.shellSocket,
      monitorSocket: this.monitorSocket,
      noReboot: true,
    });
    this.log.info(`starting: qemu-system-x86_64 ${args.join(" ")}`);
    this.exit = undefined;
    this.channel = undefined;
    this.connecting = undefined;
    const listener = await BackdoorChannel.listen(this.shellSocket);
    this.accepted = listener.accepted;
    this.stopListening = listener.close;
    this.beginConsole();
    this.startedAt = Date.now();
    const child = spawn("qemu-system-x86_64", args, { stdio: ["pipe", "pipe", "pipe"], cwd: o.stateDir });
    this.child = child;
    let partial = "";
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) this.addConsoleLine(line.replace(/\r$/, ""));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("error", (error) => this.log.info(`qemu could not start: ${error.message}`));
    child.on("exit", (code, signal) => {
      if (partial) this.addConsoleLine(partial);
      partial = "";
      this.exit = { code, signal };
      this.channel?.close();
      this.stopListening();
      this.log.info(`qemu exited (${signal ?? `status ${code}`})`);
    });
  }

  /**
   * CPU seconds (user + system, all threads) QEMU has used since it started, or undefined when
   * it is not running. On a shared machine wall time swings with the load; under TCG this is
   * close to the guest's own work, so benches report it beside the wall time.
   */
  cpuSeconds(): number | undefined {
    const pid = this.child?.pid;
    if (pid === undefined || !this.running) return undefined;
    try {
      // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // Clock ticks: USER_HZ is 100 on every Linux architecture Keel runs on.
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return undefined;
    }
  }

  /** Waits for the backdoor shell: the machine has booted far enough to run commands. */
  async connect(timeoutMs = DEFAULT_WAIT_MS): Promise<BackdoorChannel> {
    if (this.channel) return this.channel;
    if (!this.running) await this.start();
    this.connecting ??= (async () => {
      const t0 = Date.now();
      const accepted = this.accepted;
      if (!accepted) throw this.error("not started");
      const channel = await Promise.race([accepted, this.exitedPromise().then(() => undefined)]);
      if (!channel) throw this.error("QEMU exited before connecting the backdoor console");
      try {
        await channel.waitReady(timeoutMs);
      } catch (error) {
        channel.close();
        throw this.error(`no backdoor shell within ${Math.round(timeoutMs / 1000)} s (${(error as Error).message}); is the host built with testInstrumentation?`);
      }
      this.log.info(`connected to the backdoor after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      this.channel = channel;
      return channel;
    })();
    try {
      return await this.connecting;
    } finally {
      this.connecting = undefined;
    }
  }

  async execute(command: string, opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
    const channel = await this.connect();
    try {
      return await channel.run(command, Math.ceil((opts.timeoutMs ?? 900_000) / 1000));
    } catch (error) {
      if (error instanceof ChannelClosedError) throw this.error(`lost the backdoor while running: ${command} (${error.message})`);
      throw error;
    }
  }

  /** Writes to the serial console (QEMU's stdin), as a person typing at it. */
  sendConsole(text: string): void {
    this.child?.stdin?.write(text);
  }

  /** Sends a command to the QEMU monitor (e.g. `quit`, `sendkey ctrl-alt-delete`). */
  async sendMonitorCommand(command: string): Promise<void> {
    const socket = connect(this.monitorSocket);
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    socket.end(`${command}\n`);
  }

  private async exitedPromise(): Promise<void> {
    while (this.running) await sleep(200);
  }

  private async waitForExit(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.running && Date.now() < deadline) await sleep(100);
    return !this.running;
  }

  async shutdown(timeoutMs = 120_000): Promise<void> {
    if (!this.running) return;
    this.log.info("shutdown");
    const channel = this.channel ?? (await this.connect().catch(() => undefined));
    // No answer comes: the shell dies with the machine.
    channel?.send("poweroff\n");
    if (!(await this.waitForExit(timeoutMs))) {
      this.log.info("did not power off in time; killing QEMU");
      this.child?.kill("SIGKILL");
      await this.waitForExit(10_000);
      throw this.error(`did not power off within ${Math.round(timeoutMs / 1000)} s`);
    }
  }

  async crash(): Promise<void> {
    if (!this.running) return;
    this.log.info("crash");
    await this.sendMonitorCommand("quit").catch(() => this.child?.kill("SIGKILL"));
    if (!(await this.waitForExit(10_000))) this.child?.kill("SIGKILL");
    await this.waitForExit(10_000);
  }

  /** Kills QEMU if it still runs (test teardown). */
  kill(): void {
    if (this.running) this.child?.kill("SIGKILL");
  }
}
