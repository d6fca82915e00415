import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_WAIT_MS, type ExecResult, Machine } from "./machine.ts";
import type { MachineLog } from "./machine-log.ts";
import { NspawnMachine } from "./nspawn-machine.ts";

export interface NspawnTestMachineOptions {
  toplevel: string;
  storeDir: string;
  /** Where the machine's root directory is made (a fresh one per start). */
  workDir: string;
}

/**
 * The test API over systemd-nspawn: the generation's own systemd as PID 1 without a kernel, for
 * scenarios about units and activation that need no kernel, initrd or disk (seconds, not a minute).
 * Commands run through nsenter, so no backdoor service is needed.
 */
export class NspawnTestMachine extends Machine {
  private machine: NspawnMachine | undefined;
  private rootDir: string | undefined;

  constructor(
    name: string,
    log: MachineLog,
    readonly options: NspawnTestMachineOptions,
  ) {
    super(name, log);
  }

  get running(): boolean {
    return this.machine?.running ?? false;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.rootDir = mkdtempSync(join(this.options.workDir, `${this.name}-root-`));
    this.log.info(`starting in systemd-nspawn over ${this.rootDir}`);
    this.machine = NspawnMachine.start({
      toplevel: this.options.toplevel,
      storeDir: this.options.storeDir,
      rootDir: this.rootDir,
      name: `keel-test-${this.name}-${process.pid}`,
      log: (line) => this.addConsoleLine(line),
    });
  }

  async execute(command: string, opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
    if (!this.running) await this.start();
    const deadline = Date.now() + DEFAULT_WAIT_MS;
    while (!this.machine?.ready) {
      if (!this.running) throw this.error(`stopped before it could run: ${command}`);
      if (Date.now() > deadline) throw this.error(`PID 1 never appeared; could not run: ${command}`);
      await sleep(100);
    }
    return this.machine.execute(command, opts.timeoutMs ?? 900_000);
  }

  async shutdown(): Promise<void> {
    this.log.info("shutdown");
    await this.machine?.shutdown();
    this.cleanup();
  }

  async crash(): Promise<void> {
    this.log.info("crash");
    await this.machine?.kill();
    this.cleanup();
  }

  private cleanup(): void {
    if (this.rootDir && !process.env.KEEL_KEEP_VM_STATE) rmSync(this.rootDir, { recursive: true, force: true });
  }
}
