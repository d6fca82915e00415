import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, readlinkSync } from "node:fs";
import { SandboxUnavailableError } from "./errors.ts";

export type SandboxMode = "bwrap" | "none";

export interface SandboxChoice {
  readonly mode: SandboxMode;
  /** Why there is no sandbox, shown in every build log that runs without one. */
  readonly note?: string;
}

let cached: SandboxChoice | undefined;

/**
 * Decides once per process how build commands run. `KEEL_SANDBOX=none` forces a plain run (tests
 * use it to cover that path), `bwrap` demands the sandbox, and the default tries bubblewrap and
 * falls back, with a note, when it cannot create namespaces (inside some containers, or when
 * unprivileged user namespaces are disabled).
 */
export function chooseSandbox(): SandboxChoice {
  const wanted = process.env.KEEL_SANDBOX ?? "auto";
  if (wanted === "none") return { mode: "none", note: "sandbox disabled by KEEL_SANDBOX=none" };
  if (cached && wanted === "auto") return cached;
  const choice = probeSandbox();
  if (wanted === "bwrap" && choice.mode !== "bwrap") throw new SandboxUnavailableError(choice.note ?? "bwrap failed");
  if (wanted === "auto") cached = choice;
  return choice;
}

/** Tries bubblewrap once: can it create the namespaces a build needs here? */
export function probeSandbox(bwrap = "bwrap"): SandboxChoice {
  const probe = spawnSync(bwrap, ["--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"], { encoding: "utf8" });
  if (probe.error) return { mode: "none", note: "bubblewrap (bwrap) is not installed; building without a sandbox (install the `bubblewrap` package)" };
  if (probe.status !== 0)
    return { mode: "none", note: `bubblewrap cannot create namespaces here (${probe.stderr.trim() || `exit ${probe.status}`}); building without a sandbox` };
  return { mode: "bwrap" };
}

// Host directories a build sees read-only, as Nix's `sandbox-paths` exposes /bin/sh: the Debian
// system's own tools, until builds take their tools from store packages.
const HOST_DIRS = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
const HOST_FILES = ["/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf"];

export interface SandboxRun {
  readonly script: string;
  readonly env: Record<string, string>;
  /** Working directory; inside bwrap it is mounted at /build. */
  readonly buildDir: string;
  /** bwrap only: a directory mounted over the store dir, so `$out` (the real out path) lands in it. */
  readonly stageDir: string;
  readonly storeDir: string;
  /** Store paths made visible (read-only): the closure of the inputs. */
  readonly visible: readonly string[];
  readonly mode: SandboxMode;
  onLine(line: string): void;
}

/** Runs `bash -e -c script`; resolves with the exit status (or a signal name). */
export function runInSandbox(run: SandboxRun): Promise<number | string> {
  let command: string;
  let argv: string[];
  if (run.mode === "bwrap") {
    command = "bwrap";
    argv = ["--unshare-all", "--die-with-parent", "--new-session", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"];
    for (const dir of HOST_DIRS) {
      if (!existsSync(dir)) continue;
      if (lstatSync(dir).isSymbolicLink()) argv.push("--symlink", readlinkSync(dir), dir);
      else argv.push("--ro-bind", dir, dir);
    }
    for (const file of HOST_FILES) argv.push("--ro-bind-try", file, file);
    argv.push("--bind", run.stageDir, run.storeDir);
    for (const p of run.visible) argv.push("--ro-bind", p, p);
    argv.push("--bind", run.buildDir, "/build", "--chdir", "/build", "--", "/bin/bash", "-e", "-c", run.script);
  } else {
    // Without namespaces nothing kills a build whose parent died; PDEATHSIG at least stops bash.
    const setpriv = existsSync("/usr/bin/setpriv");
    command = setpriv ? "/usr/bin/setpriv" : "/bin/bash";
    argv = setpriv ? ["--pdeathsig", "KILL", "--", "/bin/bash", "-e", "-c", run.script] : ["-e", "-c", run.script];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: run.buildDir, env: run.env, stdio: ["ignore", "pipe", "pipe"] });
    const split = lineSplitter(run.onLine);
    child.stdout.on("data", split);
    child.stderr.on("data", split);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      split(null);
      resolve(code ?? signal ?? "unknown");
    });
  });
}

function lineSplitter(onLine: (line: string) => void): (chunk: Buffer | null) => void {
  let pending = "";
  return (chunk) => {
    if (chunk === null) {
      if (pending) onLine(pending);
      pending = "";
      return;
    }
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  };
}
