import { existsSync, lstatSync, mkdirSync, renameSync } from "node:fs";
import { basename, join } from "node:path";
import type { Builder } from "../builder.ts";
import { rewriteHashPart } from "../rewrite-hash.ts";
import { chooseSandbox, runInSandbox } from "../sandbox.ts";

export interface RunCommandArgs {
  readonly script: string;
  readonly env: Record<string, string>;
}

/** Variables every build sees; the derivation's own `env` overrides all but `out`. */
const BASE_ENV: Record<string, string> = {
  PATH: "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
  // Nix's value: a home that does not exist, so tools that write there fail visibly.
  HOME: "/homeless-shelter",
  // 1980-01-01, as nixpkgs: reproducible timestamps that ZIP and similar formats can still hold.
  SOURCE_DATE_EPOCH: "315532800",
  LC_ALL: "C.UTF-8",
};

/**
 * `runCommand`: `bash -e -c script` with `$out` set to the output path and only the declared
 * environment. Under bubblewrap the build sees the host's system directories read-only, the
 * closure of its inputs and nothing else of the store, has no network, and `$out` is the real
 * output path. Without a sandbox `$out` is a temporary path of the same length, rewritten to the
 * real one afterwards so self-references still come out right.
 */
export const runCommandBuilder: Builder = {
  kind: "run-command",
  version: 1,
  async build(ctx) {
    const args = ctx.drv.args as RunCommandArgs;
    const sandbox = chooseSandbox();
    if (sandbox.note) ctx.log(`note: ${sandbox.note}`);
    const buildDir = join(ctx.tmpDir, "build");
    const stageDir = join(ctx.tmpDir, "stage");
    mkdirSync(buildDir);
    mkdirSync(stageDir);
    const sandboxed = sandbox.mode === "bwrap";
    const out = sandboxed ? ctx.drv.outPath : ctx.out;
    const env = {
      ...BASE_ENV,
      ...args.env,
      out,
      TMPDIR: sandboxed ? "/build" : buildDir,
      KEEL_BUILD_TOP: sandboxed ? "/build" : buildDir,
    };
    const visible = ctx.store.closure(ctx.drv.inputs.map((d) => ctx.inputPath(d)));
    const status = await runInSandbox({
      script: args.script,
      env,
      buildDir,
      stageDir,
      storeDir: ctx.store.storeDir,
      visible,
      mode: sandbox.mode,
      onLine: (line) => ctx.log(line),
    });
    if (status !== 0) throw new Error(typeof status === "number" ? `the command exited with status ${status}` : `the command was killed by ${status}`);
    if (sandboxed) {
      const staged = join(stageDir, basename(ctx.drv.outPath));
      if (!existsLink(staged)) throw new Error("the command did not create $out");
      renameSync(staged, ctx.out);
    } else {
      if (!existsLink(ctx.out)) throw new Error("the command did not create $out");
      rewriteHashPart(ctx.out, basename(ctx.out).split("-")[0]!, ctx.drv.hash);
    }
  },
};

function existsLink(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return existsSync(p);
  }
}
