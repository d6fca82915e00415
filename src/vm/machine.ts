import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { VmTestError } from "./errors.ts";
import type { MachineLog } from "./machine-log.ts";

export interface ExecResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** How long waits poll by default: long enough for a TCG boot on a loaded 2-core machine. */
export const DEFAULT_WAIT_MS = 300_000;
const CONSOLE_TAIL = 25;

/** Quotes a string for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * One machine of a test, whatever runs it (QEMU or systemd-nspawn): the NixOS test driver's
 * machine API. Backends provide start/execute/shutdown/crash and feed console lines; everything
 * a test script calls (succeed, waitForUnit, ...) is built here on `execute`, so both backends
 * behave the same. Failures are VmTestErrors carrying the command's output and the console's tail.
 */
export abstract class Machine {
  private readonly consoleBuffer: string[] = [];
  private consoleWaiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    readonly log: MachineLog,
  ) {}

  /** Starts the machine without waiting for it to boot. */
  abstract start(): Promise<void>;
  /** Runs a shell command as root in the machine (waiting for it to be reachable first). */
  abstract execute(command: string, opts?: { timeoutMs?: number }): Promise<ExecResult>;
  /** A clean poweroff; resolves when the machine has stopped. */
  abstract shutdown(): Promise<void>;
  /** Pulls the plug: no shutdown inside. */
  abstract crash(): Promise<void>;
  abstract get running(): boolean;

  protected addConsoleLine(line: string): void {
    this.consoleBuffer.push(line);
    if (this.consoleBuffer.length > 5000) this.consoleBuffer.splice(0, 1000);
    this.log.console(line);
    const waiters = this.consoleWaiters;
    this.consoleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * A new boot begins: console waits match from here on, never a line of the previous boot (a
   * restarted machine prints the same banners again). The log file keeps every boot.
   */
  protected beginConsole(): void {
    this.consoleBuffer.length = 0;
  }

  consoleTail(lines = CONSOLE_TAIL): string[] {
    return this.consoleBuffer.slice(-lines);
  }

  consoleText(): string {
    return this.consoleBuffer.join("\n");
  }

  /** An error for a failed expectation, with the output and this machine's last console lines. */
  error(what: string, output = ""): VmTestError {
    return new VmTestError(this.name, what, output, this.consoleTail());
  }

  /** Runs each command; any non-zero exit fails the test. Returns the stdout of all, concatenated. */
  async succeed(...commands: string[]): Promise<string> {
    let out = "";
    for (const command of commands) {
      this.log.info(`succeed: ${command}`);
      const r = await this.execute(command);
      if (r.status !== 0) throw this.error(`command failed (exit ${r.status}): ${command}`, r.stdout + r.stderr);
      out += r.stdout;
    }
    return out;
  }

  /** Runs each command; any zero exit fails the test. Returns the output of all, concatenated. */
  async fail(...commands: string[]): Promise<string> {
    let out = "";
    for (const command of commands) {
      this.log.info(`fail: ${command}`);
      const r = await this.execute(command);
      if (r.status === 0) throw this.error(`command succeeded but was expected to fail: ${command}`, r.stdout + r.stderr);
      out += r.stdout + r.stderr;
    }
    return out;
  }

  /** Polls `check` once a second until it returns a value; the last failure is shown on timeout. */
  protected async poll<T>(what: string, timeoutMs: number, check: () => Promise<{ done: true; value: T } | { done: false; output: string }>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let output = "";
    for (;;) {
      if (!this.running) throw this.error(`stopped while waiting for ${what}`, output);
      const r = await check();
      if (r.done) return r.value;
      output = r.output;
      if (Date.now() >= deadline) throw this.error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`, output);
      await sleep(1000);
    }
  }

  async waitUntilSucceeds(command: string, timeoutMs = DEFAULT_WAIT_MS): Promise<string> {
    this.log.info(`wait until succeeds: ${command}`);
    return this.poll(`\`${command}\` to succeed`, timeoutMs, async () => {
      const r = await this.execute(command);
      return r.status === 0 ? { done: true, value: r.stdout } : { done: false, output: r.stdout + r.stderr };
    });
  }

  async waitUntilFails(command: string, timeoutMs = DEFAULT_WAIT_MS): Promise<string> {
    this.log.info(`wait until fails: ${command}`);
    return this.poll(`\`${command}\` to fail`, timeoutMs, async () => {
      const r = await this.execute(command);
      return r.status !== 0 ? { done: true, value: r.stdout + r.stderr } : { done: false, output: r.stdout + r.stderr };
    });
  }

  async systemctl(args: string): Promise<ExecResult> {
    return this.execute(`systemctl --no-pager ${args}`);
  }

  /**
   * Waits until `unit` is active. Fails at once when it failed, or when it is inactive with no job
   * queued (nothing will start it), as NixOS's wait_for_unit does, showing `systemctl status`.
   */
  async waitForUnit(unit: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    this.log.info(`wait for unit ${unit}`);
    const q = shellQuote(unit);
    // Jobs are read before the state: a unit inactive *after* a moment with no job queued will not
    // start by itself (a job that started and finished in between would have left it active).
    // It must also be seen so twice in a row, as a unit may be pulled in right after boot.
    let idleTwice = 0;
    await this.poll(`unit ${unit} to be active`, timeoutMs, async () => {
      const r = await this.execute(`systemctl list-jobs --no-legend | wc -l; systemctl show -P ActiveState ${q}`);
      const [jobs = "0", state = ""] = r.stdout.trim().split("\n");
      if (state === "active") return { done: true, value: undefined };
      const idle = state === "inactive" && r.status === 0 && Number(jobs) === 0;
      idleTwice = idle ? idleTwice + 1 : 0;
      if (state === "failed" || idleTwice >= 2) {
        const status = await this.execute(`systemctl status --no-pager --lines=20 ${q}`);
        throw this.error(`unit ${unit} is ${state}${state === "inactive" ? " and nothing is queued to start it" : ""}`, status.stdout + status.stderr);
      }
      return { done: false, output: `ActiveState=${state || "(none)"}\n${r.stderr}` };
    });
  }

  async waitForFile(path: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.waitUntilSucceeds(`test -e ${shellQuote(path)}`, timeoutMs);
  }

  /** Waits until something accepts TCP connections on `port` (bash's /dev/tcp: no netcat needed). */
  async waitForOpenPort(port: number, addr = "127.0.0.1", timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.waitUntilSucceeds(`timeout 5 bash -c 'exec 3<>/dev/tcp/${addr}/${port}'`, timeoutMs);
  }

  async waitForClosedPort(port: number, addr = "127.0.0.1", timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.waitUntilFails(`timeout 5 bash -c 'exec 3<>/dev/tcp/${addr}/${port}'`, timeoutMs);
  }

  /** Waits until a console line (from the start of the boot) matches; returns the match. */
  async waitForConsoleText(pattern: RegExp | string, timeoutMs = DEFAULT_WAIT_MS): Promise<RegExpMatchArray> {
    const re = typeof pattern === "string" ? new RegExp(pattern) : pattern;
    this.log.info(`wait for console text ${re}`);
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    for (;;) {
      const lines = this.consoleBuffer;
      for (; seen < lines.length; seen++) {
        const m = lines[seen]?.match(re);
        if (m) return m;
      }
      if (!this.running) throw this.error(`stopped before the console showed ${re}`);
      const left = deadline - Date.now();
      if (left <= 0) throw this.error(`timed out waiting for console text ${re}`);
      // Lines may have been dropped from the front while waiting; rescan from the start then.
      const before = this.consoleBuffer.length;
      await Promise.race([new Promise<void>((r) => this.consoleWaiters.push(r)), sleep(Math.min(left, 1000))]);
      if (this.consoleBuffer.length < before) seen = 0;
    }
  }

  /**
   * Copies a file or directory out of the machine into `targetDir` on the host, as a tar stream
   * through the command channel (so it works the same on both backends, with no shared folder).
   */
  async copyFromVm(source: string, targetDir: string): Promise<string> {
    const parent = source.replace(/\/[^/]*\/?$/, "") || "/";
    const base = source.replace(/\/$/, "").replace(/^.*\//, "");
    const r = await this.execute(`tar -C ${shellQuote(parent)} -cf - ${shellQuote(base)} | base64 -w 0`);
    if (r.status !== 0) throw this.error(`could not copy ${source} out of the machine`, r.stderr);
    mkdirSync(targetDir, { recursive: true });
    const untar = spawnSync("tar", ["-C", targetDir, "-xf", "-"], { input: Buffer.from(r.stdout.trim(), "base64") });
    if (untar.status !== 0) throw this.error(`could not unpack ${source} into ${targetDir}`, String(untar.stderr));
    return join(targetDir, base);
  }
}
