import { rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { BACKDOOR_READY } from "./test-instrumentation.ts";

export class ChannelClosedError extends Error {}

/**
 * The host end of the test backdoor: a UNIX socket QEMU serves for the guest's /dev/hvc0, where a
 * root bash reads commands line by line. Protocol (NixOS's, plus stderr): one line per command,
 * answered by one line `<base64 stdout> <exit status> <base64 stderr>`. Commands run one at a time.
 */
export class BackdoorChannel {
  private buffer = "";
  private waiter: (() => void) | undefined;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      this.buffer += d;
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
    socket.on("error", () => undefined);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /**
   * Listens on `path` for QEMU's connection (QEMU is started after this returns). Resolves with the
   * channel once QEMU has connected; the socket file is removed then.
   */
  static async listen(path: string): Promise<{ accepted: Promise<BackdoorChannel>; close: () => void }> {
    rmSync(path, { force: true });
    let accept: (c: BackdoorChannel) => void = () => undefined;
    const accepted = new Promise<BackdoorChannel>((resolve) => (accept = resolve));
    const server = createServer((socket) => {
      accept(new BackdoorChannel(socket));
      server.close();
    });
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(path, resolve));
    return { accepted, close: () => server.close() };
  }

  /** Waits for data containing `needle`; returns what came before it and keeps the rest. */
  async readUntil(needle: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.buffer.indexOf(needle);
      if (i >= 0) {
        const head = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + needle.length);
        return head;
      }
      if (this.closed) throw new ChannelClosedError("the machine's backdoor console closed");
      const left = deadline - Date.now();
      if (left <= 0) throw new ChannelClosedError(`no answer on the backdoor console within ${Math.round(timeoutMs / 1000)} s`);
      await Promise.race([new Promise<void>((r) => (this.waiter = r)), sleep(Math.min(left, 1000))]);
    }
  }

  waitReady(timeoutMs: number): Promise<string> {
    return this.readUntil(`${BACKDOOR_READY}\n`, timeoutMs);
  }

  /** Writes raw text (e.g. `poweroff\n`, which gets no answer). */
  send(text: string): void {
    this.socket.write(text);
  }

  /** Runs one command in the guest; `timeoutSec` is enforced inside by coreutils' timeout (exit 124). */
  run(command: string, timeoutSec: number): Promise<{ status: number; stdout: string; stderr: string }> {
    const next = this.queue.then(async () => {
      const wrapped = `set -o pipefail; ${command}`.replace(/'/g, `'\\''`);
      // stdin from /dev/null: a command reading stdin must not eat the next protocol lines.
      this.send(
        `timeout ${timeoutSec} bash -c '${wrapped}' </dev/null 2>/tmp/.keel-backdoor-stderr | base64 -w 0; ` +
          `echo " \${PIPESTATUS[0]} $(base64 -w 0 </tmp/.keel-backdoor-stderr)"\n`,
      );
      const line = await this.readUntil("\n", (timeoutSec + 30) * 1000);
      const [out = "", status = "-1", err = ""] = line.trim() === "" ? [] : line.replace(/\r$/, "").split(" ");
      return {
        status: Number(status),
        stdout: Buffer.from(out, "base64").toString("utf8"),
        stderr: Buffer.from(err, "base64").toString("utf8"),
      };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.socket.destroy();
  }
}
