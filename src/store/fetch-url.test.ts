import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { makeTempStore } from "./test-support/temp-store.ts";

const t = makeTempStore();
const body = Buffer.from("the bytes of a .deb, more or less\n");
const sha = createHash("sha256").update(body).digest("hex");
let server: Server;
let base = "";
let hits = 0;

before(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === "/good") res.end(body);
    else if (req.url === "/wrong") res.end("other bytes");
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  t.cleanup();
});

describe("fetchUrl", () => {
  test("downloads, trying URLs in order, and checks the hash", async () => {
    const drv = t.store.fetchUrl({ name: "pkg.deb", urls: [`${base}/missing`, `${base}/good`], sha256: sha });
    const events: string[] = [];
    await t.store.realise(drv, { onEvent: (e) => events.push(e.type) });
    assert.ok(events.includes("fetch-start") && events.includes("fetch-done"));
    assert.equal(t.store.queryPathInfo(drv.outPath)!.ca, `fixed:flat:sha256:${sha}`);
    const before = hits;
    await t.store.realise(drv);
    assert.equal(hits, before, "a valid path is not fetched again");
  });

  test("a wrong hash is a hash-mismatch error and nothing is stored", async () => {
    const drv = t.store.fetchUrl({ name: "bad.deb", urls: [`${base}/wrong`], sha256: "1".repeat(64) });
    await assert.rejects(t.store.realise(drv), (e: Error & { code?: string }) => {
      assert.equal(e.code, "hash-mismatch");
      assert.match(e.message, /specified: sha256:1111/);
      return true;
    });
    assert.equal(t.store.isValid(drv.outPath), false);
  });

  test("all URLs failing names each failure", async () => {
    const drv = t.store.fetchUrl({ name: "none.deb", urls: [`${base}/a`, `${base}/b`], sha256: sha.replace(/^./, "0") });
    await assert.rejects(t.store.realise(drv), (e: Error) => {
      assert.match(e.message, /\/a: HTTP 404/);
      assert.match(e.message, /\/b: HTTP 404/);
      return true;
    });
  });

  test("a plugged-in fetcher is used, and its output is still hash-checked", async () => {
    const other = makeTempStore();
    try {
      const seen: string[] = [];
      other.store.setFetcher(async (urls, dest) => {
        seen.push(...urls);
        writeFileSync(dest, urls[0] === "cache://good" ? body : "corrupt");
      });
      await other.store.realise(other.store.fetchUrl({ name: "c.deb", urls: ["cache://good"], sha256: sha }));
      await assert.rejects(other.store.realise(other.store.fetchUrl({ name: "d.deb", urls: ["cache://bad"], sha256: "2".repeat(64) })), {
        code: "hash-mismatch",
      });
      assert.deepEqual(seen, ["cache://good", "cache://bad"]);
    } finally {
      other.cleanup();
    }
  });
});
