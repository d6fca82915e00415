import { createServer, type Server, type Socket } from "node:net";

/**
 * A virtual Ethernet hub on 127.0.0.1 for QEMU's `-netdev socket,connect=`: every frame one
 * machine sends (QEMU frames them with a 4-byte big-endian length) is relayed unchanged to all
 * the others. One hub per test LAN; only loopback is used, and parallel test runs cannot hear
 * each other as they could on a shared multicast group.
 */
export class VlanHub {
  private readonly ports = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<VlanHub> {
    const hub: { value?: VlanHub } = {};
    const server = createServer((socket) => hub.value?.attach(socket));
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("the hub has no TCP port");
    hub.value = new VlanHub(server, address.port);
    return hub.value;
  }

  private attach(socket: Socket): void {
    this.ports.add(socket);
    let pending: Buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const size = pending.readUInt32BE(0);
        if (pending.length < 4 + size) break;
        const frame = pending.subarray(0, 4 + size);
        pending = pending.subarray(4 + size);
        for (const other of this.ports) if (other !== socket && !other.destroyed) other.write(frame);
      }
    });
    const drop = () => this.ports.delete(socket);
    socket.on("close", drop);
    socket.on("error", drop);
  }

  async close(): Promise<void> {
    for (const s of this.ports) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
