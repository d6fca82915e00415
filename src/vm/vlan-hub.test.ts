import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { VlanHub } from "./vlan-hub.ts";

const frame = (payload: string) => {
  const body = Buffer.from(payload);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
};

async function port(hub: VlanHub): Promise<{ socket: Socket; received: () => Buffer }> {
  const socket = connect(hub.port, "127.0.0.1");
  await new Promise<void>((r) => socket.once("connect", r));
  let got = Buffer.alloc(0);
  socket.on("data", (d: Buffer) => {
    got = Buffer.concat([got, d]);
  });
  return { socket, received: () => got };
}

test("the hub relays whole frames to every other port, never back to the sender", async () => {
  const hub = await VlanHub.start();
  try {
    const [a, b, c] = [await port(hub), await port(hub), await port(hub)];
    const one = frame("frame-one");
    // Split mid-header and mid-body: QEMU's writes need not line up with frames.
    a.socket.write(one.subarray(0, 2));
    await sleep(20);
    a.socket.write(one.subarray(2, 7));
    await sleep(20);
    a.socket.write(Buffer.concat([one.subarray(7), frame("two")]));
    await sleep(100);
    const expected = Buffer.concat([one, frame("two")]);
    assert.deepEqual(b.received(), expected);
    assert.deepEqual(c.received(), expected);
    assert.equal(a.received().length, 0);
    for (const p of [a, b, c]) p.socket.destroy();
  } finally {
    await hub.close();
  }
});
