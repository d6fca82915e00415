import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KeelError } from "../errors.ts";
import { symlinkAtomic, withBatchedDirSync } from "../atomic-files.ts";
import { randomBytesFromKernel } from "../random-bytes.ts";
import { activateEtc } from "./etc/setup-etc.ts";
import { ACTIVATION_SPEC_VERSION, type ActivationSpec } from "./activation-spec.ts";
import { readGroup, readPasswd } from "./users/account-files.ts";
import { updateUsersGroups } from "./users/update-users-groups.ts";
import { loadChildProcess } from "./lazy-builtins.ts";
import { activationSteps, runSnippetStep } from "./scripts/run-snippets.ts";
import { installWrappers } from "./wrappers/install-wrappers.ts";

export class ActivationSpecError extends KeelError {
  readonly code = "activation-spec";
}

/** Why activation runs: at boot (stage 2, before systemd) or on a switch of a running system. */
export type ActivationAction = "boot" | "switch" | "dry-activate";

export interface ActivationStep {
  name: string;
  ok: boolean;
  messages: string[];
  /** The step printed its own failure (a snippet script names each failed snippet). */
  reported?: boolean;
}

/** The directories every machine needs before anything else, with their modes. */
const baseDirectories: [string, number][] = [
  ["etc", 0o755],
  ["home", 0o755],
  ["root", 0o700],
  ["tmp", 0o1777],
  ["var", 0o755],
  ["var/lib", 0o755],
  ["var/lib/keel", 0o755],
  ["var/log", 0o755],
  ["var/tmp", 0o1777],
  ["var/empty", 0o555],
];

export function readActivationSpec(toplevel: string): ActivationSpec {
  const path = join(toplevel, "activation.json");
  const spec = JSON.parse(readFileSync(path, "utf8")) as ActivationSpec;
  if (spec.version !== ACTIVATION_SPEC_VERSION) {
    throw new ActivationSpecError(`${path} has version ${spec.version}; this activator understands ${ACTIVATION_SPEC_VERSION}.`);
  }
  return spec;
}

/**
 * Activation (reference §2): idempotent steps run in order; a failing step is reported and the
 * rest still run, as NixOS's activate script does, and the caller exits non-zero.
 */
export function activateSystem(opts: {
  root: string;
  toplevel: string;
  action: ActivationAction;
  /** Called as each step ends, so its messages print in order with the snippets' own output. */
  onStep?: (step: ActivationStep) => void;
  /** Only the user's snippets (dry-activate of a switch: the plan already shows the rest). */
  snippetsOnly?: boolean;
}): ActivationStep[] {
  const { root, toplevel, action } = opts;
  const dry = action === "dry-activate";
  const spec = readActivationSpec(toplevel);
  const steps: ActivationStep[] = [];
  const record = (done: ActivationStep) => {
    steps.push(done);
    opts.onStep?.(done);
  };
  const run = (name: string, body: () => string[]) => {
    try {
      record({ name, ok: true, messages: body() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      record({ name, ok: false, messages: [message, `Activation script snippet '${name}' failed (1)`], reported: true });
    }
  };
  // Built-in steps are declared below and run in the spec's order, among the user's snippets.
  const builtins = new Map<string, () => string[]>();
  const step = (name: string, body: () => string[]) => {
    builtins.set(name, body);
  };

  step("specialfs", () => {
    if (dry) return [];
    for (const [dir, mode] of baseDirectories) {
      const path = join(root, dir);
      if (!existsSync(path)) mkdirSync(path, { recursive: true, mode });
      chmodSync(path, mode);
    }
    return [];
  });
  step("users", () => {
    const report = updateUsersGroups(root, spec.users, { dryRun: dry });
    const verb = dry ? "would " : "";
    return [
      ...report.removedUsers.map((u) => `${verb}remove user ‘${u}’`),
      ...report.removedGroups.map((g) => `${verb}remove group ‘${g}’`),
      ...report.warnings,
    ];
  });
  step("etc", () => {
    const passwd = readPasswd(join(root, "etc/passwd"));
    const groups = readGroup(join(root, "etc/group"));
    // One directory fsync per /etc directory at the end instead of one per link (atomic-files.ts).
    const result = withBatchedDirSync(() => activateEtc({
      root,
      etcTree: spec.etc,
      dryRun: dry,
      lookupId: (kind, name) => (kind === "user" ? passwd.get(name)?.uid : groups.get(name)?.gid),
    }));
    const messages = [...result.removed.map((f) => `${dry ? "would remove" : "removed"} obsolete ${f}`), ...result.warnings];
    if (result.errors.length > 0) throw new Error([...messages, ...result.errors].join("\n"));
    return messages;
  });
  step("wrappers", () => {
    if (dry) return [];
    const passwd = readPasswd(join(root, "etc/passwd"));
    const groups = readGroup(join(root, "etc/group"));
    withBatchedDirSync(() => installWrappers(root, spec.wrappers, (kind, name) => (kind === "user" ? passwd.get(name)?.uid : groups.get(name)?.gid)));
    return [];
  });
  step("machine-id", () => {
    const path = join(root, "etc/machine-id");
    const current = existsSync(path) ? readFileSync(path, "utf8").trim() : "";
    if (/^[0-9a-f]{32}$/.test(current) || dry) return [];
    // A random 128-bit id, formatted as systemd-machine-id-setup writes it.
    writeFileSync(path, `${randomBytesFromKernel(16).toString("hex")}\n`, { mode: 0o444 });
    return ["generated /etc/machine-id"];
  });
  step("current-system", () => {
    if (dry) return [];
    mkdirSync(join(root, "run"), { recursive: true });
    symlinkAtomic(toplevel, join(root, "run/current-system"));
    return [];
  });
  if (action === "switch") {
    step("tmpfiles", () => {
      const result = loadChildProcess().spawnSync(spec.systemdTmpfiles, ["--create", "--remove", "--exclude-prefix=/dev", `--root=${root}`], {
        encoding: "utf8",
      });
      if (result.status !== 0) throw new Error(`systemd-tmpfiles failed: ${result.stderr.trim()}`);
      return [];
    });
  }
  for (const planned of activationSteps(spec.steps)) {
    if (planned.kind === "snippets") {
      record(runSnippetStep(planned, { root, toplevel, action }));
      continue;
    }
    const body = builtins.get(planned.name);
    builtins.delete(planned.name);
    // `groups`, `binsh` and `usrbinenv` are names only (builtin-snippets.ts says why).
    if (body && !opts.snippetsOnly) run(planned.name, body);
  }
  // What is left ends every activation, after all snippets: /run/current-system, tmpfiles.
  if (!opts.snippetsOnly) for (const [name, body] of builtins) run(name, body);
  return steps;
}
