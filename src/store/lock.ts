import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { LockError } from "./errors.ts";

/** A held lock; `release` is idempotent. */
export interface HeldLock {
  release(): Promise<void>;
}

/*
 * Why a helper process: Node has no flock(2), and native addons cannot be built here. Lock files
 * holding PIDs go stale after a crash and need racy breaking; a kernel flock cannot go stale. So
 * one small Perl process per Node process (perl-base is Essential in Debian, always installed)
 * holds the file descriptors and takes non-blocking flocks on request over a pipe. When Node dies
 * in any way (kill -9 included) the pipe closes, Perl exits and the kernel drops every lock.
 * flock locks belong to open file descriptions, so two requests for one path from this process
 * exclude each other too. A busy lock is retried with backoff: contention is rare (two builds
 * of one path, or GC against builds) and polling keeps the helper single-threaded.
 */
const HELPER = String.raw`
use strict; use Fcntl qw(:flock); $| = 1; my %held;
while (my $line = <STDIN>) {
  chomp $line; my ($id, $op, $path) = split / /, $line, 3;
  if ($op eq "u") { my $fh = delete $held{$id}; close $fh if $fh; print "$id ok\n"; next; }
  my $fh;
  unless (open($fh, ">>", $path)) { print "$id err $!\n"; next; }
  if (flock($fh, ($op eq "s" ? LOCK_SH : LOCK_EX) | LOCK_NB)) { $held{$id} = $fh; print "$id ok\n"; }
  else { close $fh; print "$id busy\n"; }
}`;

class LockHelper {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (reply: string) => void>();
  private nextId = 1;
  private buffer = "";
  dead: string | undefined;

  constructor() {
    this.child = spawn("perl", ["-e", HELPER], { stdio: ["pipe", "pipe", "inherit"] });
    this.child.on("error", (e) => this.die((e as NodeJS.ErrnoException).code === "ENOENT" ? "perl is not installed" : e.message));
    this.child.on("exit", (code, signal) => this.die(`the lock helper exited (${signal ?? code})`));
    this.child.stdout!.on("data", (b: Buffer) => this.onData(b.toString()));
    this.updateRef();
  }

  request(op: "x" | "s" | "u", path: string, id = this.nextId++): Promise<{ id: number; reply: string }> {
    if (this.dead) return Promise.reject(new Error(this.dead));
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => resolve({ id, reply }));
      this.updateRef();
      this.child.stdin!.write(`${id} ${op} ${path}\n`);
    });
  }

  private onData(text: string): void {
    this.buffer += text;
    const lines = this.buffer.split("\n");
    this.buffer = lines.pop() ?? "";
    for (const line of lines) {
      const space = line.indexOf(" ");
      const id = Number(line.slice(0, space));
      const done = this.pending.get(id);
      this.pending.delete(id);
      done?.(line.slice(space + 1));
    }
    this.updateRef();
  }

  /** The helper keeps Node alive only while a request is in flight, never for a held lock alone. */
  private updateRef(): void {
    const busy = this.pending.size > 0;
    for (const s of [this.child.stdout, this.child.stdin] as unknown as { ref?: () => void; unref?: () => void }[]) {
      if (busy) s?.ref?.();
      else s?.unref?.();
    }
    if (busy) this.child.ref();
    else this.child.unref();
  }

  private die(reason: string): void {
    this.dead ??= reason;
    for (const done of this.pending.values()) done(`err ${reason}`);
    this.pending.clear();
    if (helper === this) helper = undefined;
  }
}

let helper: LockHelper | undefined;

/** Takes a kernel flock on `path`, shared or exclusive, waiting (by polling) as long as it takes. */
export async function acquireLock(path: string, mode: "shared" | "exclusive"): Promise<HeldLock> {
  mkdirSync(dirname(path), { recursive: true });
  let delay = 5;
  for (;;) {
    const held = await tryAcquireLock(path, mode);
    if (held) return held;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/** One attempt at the flock: the held lock, or undefined when another holder has it. */
export async function tryAcquireLock(path: string, mode: "shared" | "exclusive"): Promise<HeldLock | undefined> {
  helper ??= new LockHelper();
  const h = helper;
  const { id, reply } = await h.request(mode === "shared" ? "s" : "x", path).catch((e: Error) => ({ id: 0, reply: `err ${e.message}` }));
  if (reply === "ok") {
    let released: Promise<void> | undefined;
    return {
      release() {
        released ??= h
          .request("u", path, id)
          .then(() => {})
          // A dead helper has released everything already: the kernel dropped its locks.
          .catch(() => {});
        return released;
      },
    };
  }
  if (reply.startsWith("err ")) throw new LockError(path, reply.slice(4));
  return undefined;
}
