import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";

export const DEFAULT_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";

export type VerifyResult = { ok: true; signed: string } | { ok: false; detail: string };

/**
 * Verifies a clearsigned file with gpgv and returns the text gpgv vouches for. Parsing gpgv's
 * output rather than the file itself matters: text outside the signed block (or a second block)
 * would otherwise be trusted.
 */
export async function verifyClearsigned(file: string, keyring: string): Promise<VerifyResult> {
  // A private name: several processes may verify the same cached Release at once.
  const out = `${file}.verified-${process.pid}-${randomBytes(4).toString("hex")}`;
  await rm(out, { force: true });
  const { code, stderr } = await run("gpgv", ["--keyring", keyring, "--output", out, file]);
  if (code !== 0) {
    await rm(out, { force: true });
    return { ok: false, detail: stderr || `gpgv exited with ${code}` };
  }
  const signed = await readFile(out, "utf8");
  await rm(out, { force: true });
  return { ok: true, signed };
}

function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}
