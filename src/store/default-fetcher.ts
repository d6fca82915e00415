import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { KeelError } from "../errors.ts";
import type { Fetcher } from "./builder.ts";
import { HashMismatchError } from "./errors.ts";

/** Every URL of a fixed-output download failed. */
export class FetchFailedError extends KeelError {
  readonly code = "fetch-failed";
  constructor(
    readonly what: string,
    readonly failures: readonly string[],
  ) {
    super(`cannot download '${what}'; tried:\n  ${failures.join("\n  ")}\nCheck the network and mirror, or give another URL.`);
  }
}

/** Tries each URL in turn with `fetch()`, streaming to `dest` and checking the SHA-256 on the way. */
export const defaultFetcher: Fetcher = async (urls, dest, sha256, ctx) => {
  const failures: string[] = [];
  for (const url of urls) {
    try {
      ctx.log(`downloading ${url}`);
      const res = await fetch(url, { redirect: "follow" });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      const hash = createHash("sha256");
      const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
      body.on("data", (chunk: Buffer) => hash.update(chunk));
      await pipeline(body, createWriteStream(dest));
      const actual = hash.digest("hex");
      if (actual !== sha256) throw new HashMismatchError(url, sha256, actual);
      return;
    } catch (error) {
      await rm(dest, { force: true });
      if (error instanceof HashMismatchError) throw error;
      failures.push(`${url}: ${(error as Error).message}`);
    }
  }
  throw new FetchFailedError(ctx.drv.name, failures);
};
