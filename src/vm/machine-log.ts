import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A machine's log: console lines and driver actions, each stamped with the seconds since the
 * driver started, appended to a file per machine (kept for CI artifacts) and echoed to stderr
 * when KEEL_VM_VERBOSE is set (quiet by default: node's test reporter owns the terminal).
 */
export class MachineLog {
  private readonly t0: number;

  constructor(
    readonly name: string,
    readonly file: string,
    t0 = Date.now(),
    private readonly echo = Boolean(process.env.KEEL_VM_VERBOSE),
  ) {
    this.t0 = t0;
    mkdirSync(dirname(file), { recursive: true });
  }

  private stamp(): string {
    return `${((Date.now() - this.t0) / 1000).toFixed(3).padStart(8)}s`;
  }

  /** A line the machine printed on its console. */
  console(line: string): void {
    this.write(`${this.stamp()} ${this.name} | ${line}`);
  }

  /** Something the driver did or saw. */
  info(message: string): void {
    this.write(`${this.stamp()} ${this.name} # ${message}`);
  }

  private write(text: string): void {
    appendFileSync(this.file, `${text}\n`);
    if (this.echo) process.stderr.write(`${text}\n`);
  }
}
