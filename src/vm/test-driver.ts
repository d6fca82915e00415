import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildHost } from "../system/build-host.ts";
import { chooseAccel } from "./kvm-probe.ts";
import type { Machine } from "./machine.ts";
import { MachineLog } from "./machine-log.ts";
import { NspawnTestMachine } from "./nspawn-test-machine.ts";
import { realisePvhKernel } from "./pvh-kernel.ts";
import { QemuMachine } from "./qemu-machine.ts";
import { testInstrumentation } from "./test-instrumentation.ts";
import { VlanHub } from "./vlan-hub.ts";
import { realiseStoreImage } from "./store-image.ts";
import { vmVariant } from "./vm-variant.ts";

export type Backend = "qemu" | "nspawn";

export interface NodeSpec {
  /** The host (a folder under hosts/) this machine runs. */
  host: string;
  /** Modules added for this test (a variant of the host). */
  extraModules?: unknown[];
  backend?: Backend;
  memoryMiB?: number;
  cores?: number;
  /**
   * QEMU: boot from an ext4 image of the closure (store-image.ts) instead of the host's store over
   * 9p. Variants built later are not in the image, so such a machine cannot switch to them.
   */
  storeImage?: boolean;
}

export interface DriverOptions {
  nodes: Record<string, NodeSpec>;
  repoDir: string;
  storeDir: string;
  stateDir?: string;
  /** Where machine state and logs go (default: a fresh directory under /var/tmp). */
  workDir?: string;
}

/** A node's address on the test LAN: 192.168.1.<n>, in the order the nodes are declared. */
export function nodeAddress(index: number): { address: string; mac: string } {
  const n = index + 1;
  return { address: `192.168.1.${n}`, mac: `52:54:00:12:01:${n.toString(16).padStart(2, "0")}` };
}

/** Builds a node's host for its backend: QEMU machines get the VM variant and the backdoor. */
async function buildNode(opts: DriverOptions, spec: NodeSpec, index: number, more: unknown[]): Promise<{ toplevel: string; kernel?: string; storeImage?: string }> {
  const own = [...(spec.extraModules ?? []), ...more];
  const qemu = (spec.backend ?? "qemu") === "qemu";
  const extraModules = qemu ? [vmVariant, testInstrumentation(nodeAddress(index)), ...own] : own;
  const built = await buildHost({ repoDir: opts.repoDir, host: spec.host, storeDir: opts.storeDir, stateDir: opts.stateDir, extraModules, outLink: null });
  if (!qemu) return { toplevel: built.toplevel };
  const kernel = await realisePvhKernel(built.context.store, built.toplevel);
  return { toplevel: built.toplevel, kernel, ...(spec.storeImage ? { storeImage: await realiseStoreImage(built.context.store, built.toplevel) } : {}) };
}

/**
 * The VM test driver: builds each node's host (with the test instrumentation), plugs the QEMU
 * machines into one virtual LAN (a hub on loopback) and hands the test the machines by name.
 */
export class TestDriver {
  private constructor(
    readonly machines: Record<string, Machine>,
    readonly toplevels: Record<string, string>,
    readonly workDir: string,
    private readonly hub: VlanHub,
    private readonly options: DriverOptions,
  ) {}

  /**
   * Builds another generation of a node's host with `extraModules` added (and the same test
   * instrumentation), e.g. to switch to inside the running machine. Its closure is in the shared
   * store, so a QEMU guest sees it at once over 9p.
   */
  async buildVariant(node: string, extraModules: unknown[]): Promise<string> {
    const spec = this.options.nodes[node];
    if (!spec) throw new Error(`no machine ${node} in this test`);
    if (spec.storeImage) throw new Error(`${node} boots from a store image, which holds only its first generation; drop storeImage to switch it to variants`);
    const index = Object.keys(this.options.nodes).indexOf(node);
    return (await buildNode(this.options, spec, index, extraModules)).toplevel;
  }

  static async create(opts: DriverOptions): Promise<TestDriver> {
    const workDir = opts.workDir ?? mkdtempSync(join("/var/tmp", "keel-vm-test-"));
    mkdirSync(workDir, { recursive: true });
    const hub = await VlanHub.start();
    const t0 = Date.now();
    const machines: Record<string, Machine> = {};
    const toplevels: Record<string, string> = {};
    try {
      for (const [index, [name, spec]] of Object.entries(opts.nodes).entries()) {
        const backend = spec.backend ?? "qemu";
        const lan = nodeAddress(index);
        const built = await buildNode(opts, spec, index, []);
        toplevels[name] = built.toplevel;
        const log = new MachineLog(name, join(workDir, `${name}.log`), t0);
        log.info(`built ${spec.host} (${backend}): ${built.toplevel}`);
        machines[name] =
          backend === "qemu"
            ? new QemuMachine(name, log, {
                name,
                toplevel: built.toplevel,
                ...(built.kernel ? { kernel: built.kernel } : {}),
                ...(built.storeImage ? { storeImage: built.storeImage } : {}),
                storeDir: opts.storeDir,
                stateDir: join(workDir, `vm-state-${name}`),
                memoryMiB: spec.memoryMiB ?? 1024,
                cores: spec.cores ?? 1,
                accel: chooseAccel(),
                kernelParams: readFileSync(join(built.toplevel, "kernel-params"), "utf8").trim().split(/\s+/).filter(Boolean),
                // Fail fast instead of hanging: a panic powers off (with -no-reboot).
                extraKernelParams: ["panic=1"],
                vlans: [{ hubPort: hub.port, mac: lan.mac }],
              })
            : new NspawnTestMachine(name, log, { toplevel: built.toplevel, storeDir: opts.storeDir, workDir });
      }
    } catch (error) {
      await hub.close();
      throw error;
    }
    return new TestDriver(machines, toplevels, workDir, hub, opts);
  }

  machine(name: string): Machine {
    const m = this.machines[name];
    if (!m) throw new Error(`no machine ${name} in this test (machines: ${Object.keys(this.machines).join(", ")})`);
    return m;
  }

  /** Starts every machine (without waiting for them to boot). */
  async startAll(): Promise<void> {
    await Promise.all(Object.values(this.machines).map((m) => m.start()));
  }

  /** Stops whatever still runs (crash: teardown needs no clean shutdown), closes the LAN, removes disks. */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.machines).map((m) => (m.running ? m.crash().catch(() => undefined) : undefined)));
    await this.hub.close();
    if (!process.env.KEEL_KEEP_VM_STATE) {
      for (const name of Object.keys(this.machines)) rmSync(join(this.workDir, `vm-state-${name}`), { recursive: true, force: true });
    }
    process.stderr.write(`VM test logs: ${this.workDir}/*.log\n`);
  }
}
