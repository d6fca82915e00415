import dbus from "dbus-next";
import { KeelError } from "../../errors.ts";
import type { ActiveUnit } from "../switch/switch-plan.ts";

export class SystemdConnectionError extends KeelError {
  readonly code = "systemd-connection";
  constructor(cause: unknown, userManagerSocket?: string) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      userManagerSocket
        ? `Cannot reach the user's systemd manager at ${userManagerSocket}: ${reason}. Is user@<uid>.service running (loginctl user-status)?`
        : `Cannot reach systemd over the system bus (${process.env.DBUS_SYSTEM_BUS_ADDRESS ?? "unix:path=/run/dbus/system_bus_socket"}): ${reason}. ` +
            "A live switch needs dbus running (dbus.socket); without it, use `boot` and reboot.",
      { cause },
    );
  }
}

/**
 * dbus-next greets every connection with the bus daemon's Hello; a peer-to-peer socket (a
 * systemd manager's private one) has no daemon and refuses it. The connection works regardless.
 */
export function isHelloRefusal(error: unknown): boolean {
  return /Unknown object '\/org\/freedesktop\/DBus'/.test(error instanceof Error ? error.message : String(error));
}

const DEST = "org.freedesktop.systemd1";
const PATH = "/org/freedesktop/systemd1";
const MANAGER = "org.freedesktop.systemd1.Manager";

export type JobVerb = "start" | "stop" | "restart" | "reload";

/** The end of one job, as systemd's JobRemoved signal reports it. */
export interface JobResult {
  unit: string;
  verb: JobVerb;
  result: string;
}

/**
 * systemd's manager on the system bus, through the message-level API of dbus-next: each call is
 * one round trip, counted, so the bench can report them. Job waiting follows switch-to-
 * configuration-ng: remember job path → verb, and collect JobRemoved signals for those paths.
 */
export class SystemdBus {
  roundTrips = 0;
  /** Manager signals received: the settle step waits for them to stop coming. */
  signals = 0;
  private readonly pending = new Map<string, { unit: string; verb: JobVerb }>();
  private readonly finished: JobResult[] = [];
  private readonly early = new Map<string, string>();
  private reloadingDone: (() => void) | undefined;
  private wake: (() => void) | undefined;

  /** The connection's last error: a dropped bus fails the calls in flight, and is kept for the report. */
  lastError: Error | undefined;

  private constructor(private readonly bus: dbus.MessageBus) {
    bus.on("message", (msg: dbus.Message) => this.onSignal(msg));
    bus.on("error", (error: Error) => {
      this.lastError = error;
    });
  }

  /**
   * A user's systemd manager through its private socket (`$XDG_RUNTIME_DIR/systemd/private`,
   * what `systemctl --user` uses): it exists whenever the manager runs, with or without a
   * session bus (Debian needs dbus-user-session for one; NixOS always has it). The socket is
   * peer-to-peer: no bus daemon, so no match rules, and signals come to every subscriber.
   */
  static async connectUserManager(runtimeDir: string): Promise<SystemdBus> {
    let client: SystemdBus | undefined;
    try {
      const bus = dbus.sessionBus({ busAddress: `unix:path=${runtimeDir}/systemd/private` });
      client = new SystemdBus(bus);
      const failed = new Promise<never>((_, reject) => bus.once("error", (e: Error) => (isHelloRefusal(e) ? undefined : reject(e))));
      await Promise.race([client.manager("Subscribe"), failed]);
      return client;
    } catch (error) {
      client?.disconnect();
      throw new SystemdConnectionError(error, `${runtimeDir}/systemd/private`);
    }
  }

  /** Resolves when the peer closes the connection (a re-executing manager drops every client). */
  closed(): Promise<void> {
    // dbus-next forwards errors but not the end of its stream; the stream is its connection.
    const stream = (this.bus as unknown as { _connection?: NodeJS.EventEmitter })._connection;
    return new Promise((resolve) => {
      stream?.once("end", () => resolve());
      stream?.once("close", () => resolve());
      this.bus.once("error", () => resolve());
    });
  }

  /** Asks the manager to re-execute without waiting for anything (the caller watches `closed()`). */
  sendReexecute(): void {
    this.roundTrips++;
    this.bus.send(new dbus.Message({ destination: DEST, path: PATH, interface: MANAGER, member: "Reexecute", flags: dbus.MessageFlag.NO_REPLY_EXPECTED }));
  }

  /** One method call to any service on this bus (logind, say); returns the reply's body. */
  callMethod(destination: string, path: string, iface: string, member: string, signature = "", body: unknown[] = []): Promise<unknown[]> {
    return this.call(destination, path, iface, member, signature, body);
  }

  static async connect(): Promise<SystemdBus> {
    let client: SystemdBus | undefined;
    try {
      const bus = dbus.systemBus();
      client = new SystemdBus(bus);
      // A missing socket arrives as an 'error' event, not as a rejected call.
      const failed = new Promise<never>((_, reject) => bus.once("error", reject));
      await Promise.race([client.subscribe(), failed]);
      return client;
    } catch (error) {
      client?.disconnect();
      throw new SystemdConnectionError(error);
    }
  }

  private async subscribe(): Promise<void> {
    // Signals are only sent to subscribed clients; the match rule lets the bus route them to us.
    await this.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch", "s", [
      `type='signal',sender='${DEST}',path='${PATH}',interface='${MANAGER}'`,
    ]);
    await this.manager("Subscribe");
  }

  private async call(destination: string, path: string, iface: string, member: string, signature = "", body: unknown[] = []): Promise<unknown[]> {
    this.roundTrips++;
    const reply = await this.bus.call(new dbus.Message({ destination, path, interface: iface, member, signature, body }));
    return (reply?.body ?? []) as unknown[];
  }

  manager(member: string, signature = "", body: unknown[] = []): Promise<unknown[]> {
    return this.call(DEST, PATH, MANAGER, member, signature, body);
  }

  private onSignal(msg: dbus.Message): void {
    if (msg.type !== dbus.MessageType.SIGNAL || msg.interface !== MANAGER) return;
    this.signals++;
    if (msg.member === "JobRemoved") {
      const [, job, unit, result] = msg.body as [number, string, string, string];
      const entry = this.pending.get(job);
      if (entry) {
        this.pending.delete(job);
        this.finished.push({ unit, verb: entry.verb, result });
      } else {
        // The job may end before its StartUnit reply reaches us.
        this.early.set(job, result);
      }
      this.wake?.();
    } else if (msg.member === "Reloading" && msg.body[0] === false) {
      this.reloadingDone?.();
    }
  }

  async listUnits(): Promise<ActiveUnit[]> {
    const [units] = (await this.manager("ListUnits")) as [unknown[][]];
    // (name, description, load, active, sub, following, path, jobId, jobType, jobPath)
    return units
      .filter((u) => u[5] === "")
      .map((u) => ({ name: String(u[0]), activeState: String(u[3]), subState: String(u[4]) }));
  }

  /** Queues a job in "replace" mode; returns undefined on success, else the D-Bus error text. */
  async queue(verb: JobVerb, unit: string): Promise<string | undefined> {
    const method = { start: "StartUnit", stop: "StopUnit", restart: "RestartUnit", reload: "ReloadUnit" }[verb];
    try {
      const [job] = (await this.manager(method, "ss", [unit, "replace"])) as [string];
      const early = this.early.get(job);
      if (early !== undefined) {
        this.early.delete(job);
        this.finished.push({ unit, verb, result: early });
      } else {
        this.pending.set(job, { unit, verb });
      }
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** Waits until every queued job has ended; returns their results and forgets them. */
  async waitForJobs(timeoutMs = 600_000): Promise<JobResult[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 500);
      });
    }
    this.wake = undefined;
    return this.finished.splice(0);
  }

  /** daemon-reload, waiting for systemd's Reloading(false) (the method returns before it is done). */
  async daemonReload(timeoutMs = 180_000): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.reloadingDone = resolve;
      setTimeout(() => reject(new Error(`systemd did not finish reloading within ${timeoutMs / 1000}s`)), timeoutMs).unref();
    });
    await this.manager("Reload");
    await done;
    this.reloadingDone = undefined;
  }

  /**
   * Re-executes PID 1 (a new systemd binary or system.conf). The call gets no reply (the process
   * that would send it is replaced), so it is sent without waiting; systemd announces the end with
   * Reloading(false), as for a daemon-reload.
   */
  async reexecute(timeoutMs = 180_000): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.reloadingDone = resolve;
      setTimeout(() => reject(new Error(`systemd did not come back from re-executing within ${timeoutMs / 1000}s`)), timeoutMs).unref();
    });
    this.roundTrips++;
    this.bus.send(new dbus.Message({ destination: DEST, path: PATH, interface: MANAGER, member: "Reexecute", flags: dbus.MessageFlag.NO_REPLY_EXPECTED }));
    await done;
    this.reloadingDone = undefined;
  }

  async resetFailed(): Promise<void> {
    await this.manager("ResetFailed");
  }

  /** A unit's property, or undefined if the unit is not loaded. */
  async unitProperty(unit: string, iface: string, property: string): Promise<unknown> {
    try {
      const [path] = (await this.manager("GetUnit", "s", [unit])) as [string];
      const [value] = (await this.call(DEST, path, "org.freedesktop.DBus.Properties", "Get", "ss", [iface, property])) as [dbus.Variant];
      return value.value;
    } catch {
      return undefined;
    }
  }

  disconnect(): void {
    this.bus.disconnect();
  }
}
