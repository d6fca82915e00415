import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { TCG_CPU } from "../vm/qemu-command.ts";
import { buildHost, type BuildHostResult } from "./build-host.ts";
import { debianCommand } from "./debian-exec.ts";
import { SNAPSHOT_ENV } from "../activation/snapshot-start.ts";
import { canRunSystemTests, repoDir, testStore } from "./testing/test-store.ts";

const skip = !canRunSystemTests && "needs root";
const SNAPSHOT = /\/[^\s/]+-keel-activator-snapshot(?=\/activator\.blob)/;

/**
 * Runs a command the way a Keel machine would, without booting one: the generation's sw as /usr
 * (Debian's Node.js reads part of itself from /usr/share/nodejs), the test store, a fresh /run.
 */
function onKeelUsr(toplevel: string, work: string, argv: string[]) {
  const sw = readlinkSync(join(toplevel, "sw"));
  const base = testStore.storeDir.replace(/\/store$/, "");
  const args = ["--ro-bind", base, base, "--ro-bind", `${sw}/`, "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib"];
  args.push("--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin", "--proc", "/proc", "--dev", "/dev", "--bind", work, work, "--tmpfs", "/run", "--", ...argv);
  return spawnSync("bwrap", args, { encoding: "utf8" });
}

/** Every entry under a root as `path mode owner type target`, with the run-specific parts made equal. */
function describeTree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = lstatSync(path);
      const link = st.isSymbolicLink() ? readlinkSync(path).replaceAll(root, "ROOT") : "";
      const body = st.isFile() ? readFileSync(path, "utf8") : "";
      out.push(`${relative(root, path)} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid} ${link} ${body.length}`);
      if (st.isDirectory()) walk(path);
    }
  };
  walk(root);
  // The wrappers' directory is named after the pid and time of the run that made it.
  return out.map((line) => line.replace(/wrappers\.\d+\.\d+/g, "wrappers.N"));
}

describe("the activator's startup snapshot", { skip }, () => {
  let demo: BuildHostResult;
  let work: string;
  before(async () => {
    demo = await buildHost({ repoDir, host: "demo", ...testStore, outLink: null });
    work = mkdtempSync("/tmp/keel-snapshot-");
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("is built into the toplevel's closure, and both programs start from it", () => {
    const activate = readFileSync(join(demo.toplevel, "activate"), "utf8");
    const dir = `${testStore.storeDir}${SNAPSHOT.exec(activate)?.[0]}`;
    assert.ok(existsSync(dir), "activate names the snapshot");
    assert.ok(demo.context.store.closure([demo.toplevel]).includes(dir), "the snapshot is in the closure");
    const blob = join(dir, "activator.blob");
    assert.ok(lstatSync(blob).size > 1_000_000, "a V8 heap, not an empty file");
    assert.match(readFileSync(join(dir, "cpu-flags"), "utf8"), /^flags\s*: .*\bsse2\b/);
    const switchProgram = readFileSync(join(demo.toplevel, "bin/switch-to-configuration"), "utf8");
    assert.ok(switchProgram.includes(`--no-enable-popcnt --snapshot-blob ${blob} -- --switch-to-configuration`), "the switch program starts from it");
    // V8 rejects a blob when the command line's V8 flags differ from the build's: --no-opt is set in-process.
    assert.ok(new RegExp(`KEEL_V8_FLAGS='--no-opt' [^\\n]+/node [^\\n]*--no-enable-avx [^\\n]*--snapshot-blob ${blob} -- "\\$@"`).test(activate), "activate starts from it, --no-opt in-process");
    assert.ok(/\nexec [^\n]+\/node --no-opt \S+-keel-activator\.cjs "\$@"/.test(activate), "the fallback is the plain bundle with --no-opt");
  });

  test("activation started from it does the same work as the plain bundle", () => {
    const fromSnapshot = join(work, "snapshot");
    const plain = join(work, "plain");
    mkdirSync(fromSnapshot);
    mkdirSync(plain);
    const a = onKeelUsr(demo.toplevel, work, [join(demo.toplevel, "activate"), "--root", fromSnapshot, "--action", "boot"]);
    assert.equal(a.status, 0, a.stderr);
    assert.doesNotMatch(a.stderr, /did not start the activator from its snapshot/);
    // The plain start is the script's last line.
    const plainLine = readFileSync(join(demo.toplevel, "activate"), "utf8").trim().split("\n").pop()!.replace(/^exec /, "");
    const b = onKeelUsr(demo.toplevel, work, ["/bin/sh", "-c", plainLine.replace('"$@"', `--root ${plain} --action boot`)]);
    assert.equal(b.status, 0, b.stderr);
    assert.ok(describeTree(fromSnapshot).length > 100, "the activation wrote /etc, accounts and wrappers");
    assert.deepEqual(describeTree(fromSnapshot), describeTree(plain));
    assert.equal(readFileSync(join(fromSnapshot, "etc/passwd"), "utf8"), readFileSync(join(plain, "etc/passwd"), "utf8"));
    // Nothing random was frozen into the heap at build time: each start draws its own.
    assert.notEqual(readFileSync(join(fromSnapshot, "etc/machine-id"), "utf8"), readFileSync(join(plain, "etc/machine-id"), "utf8"));
    // The marker the snapshot's main deletes is gone (the wrapper used the snapshot).
    assert.deepEqual(readdirSync(work).filter((n) => n.startsWith(".keel-activator-")), []);
  });

  for (const [what, spoil, noted] of [
    ["a corrupt blob", (snap: string) => writeFileSync(join(snap, "activator.blob"), Buffer.alloc(4096, 0x5a)), true],
    ["a truncated blob", (snap: string) => truncateSync(join(snap, "activator.blob"), 100_000), true],
    ["a missing blob", (snap: string) => unlinkSync(join(snap, "activator.blob")), true],
    // Tried only on the building CPU: elsewhere Node would refuse it after a whole start.
    ["a blob made on another CPU", (snap: string) => {
      writeFileSync(join(snap, "activator.blob"), "not even tried");
      writeFileSync(join(snap, "cpu-flags"), "flags : fpu sse2 some-other-cpu\n");
    }, false],
  ] as const) {
    test(`${what}: the plain bundle activates${noted ? ", with a note" : ", at once and quietly"}`, () => {
      const original = `${testStore.storeDir}${SNAPSHOT.exec(readFileSync(join(demo.toplevel, "activate"), "utf8"))![0]}`;
      const dir = mkdtempSync(join(work, "spoilt-"));
      const snap = join(dir, "snapshot");
      mkdirSync(snap);
      for (const name of ["activator.blob", "cpu-flags"]) {
        copyFileSync(join(original, name), join(snap, name));
        chmodSync(join(snap, name), 0o644);
      }
      spoil(snap);
      const script = join(dir, "activate");
      writeFileSync(script, readFileSync(join(demo.toplevel, "activate"), "utf8").replaceAll(original, snap));
      chmodSync(script, 0o755);
      const root = join(dir, "root");
      mkdirSync(root);
      const run = onKeelUsr(demo.toplevel, work, [script, "--root", root, "--action", "boot"]);
      assert.equal(run.status, 0, run.stderr);
      const note = /keel: Node\.js did not start the activator from its snapshot \S+ \(exit \d+\); running the plain bundle/;
      if (noted) assert.match(run.stderr, note);
      else assert.doesNotMatch(run.stderr, /snapshot/);
      assert.ok(existsSync(join(root, "etc/passwd")) && existsSync(join(root, "etc/machine-id")), "the plain bundle activated");
      assert.deepEqual(readdirSync(work).filter((n) => n.startsWith(".keel-activator-")), []);
    });
  }

  test("built for an emulated CPU model (the VM variant's), it starts under that model and falls back elsewhere", async () => {
    const emulated = await buildHost({ repoDir, host: "demo", ...testStore, outLink: null, extraModules: [{ system: { activatorSnapshot: { emulatedCpu: TCG_CPU } } }] });
    const activate = readFileSync(join(emulated.toplevel, "activate"), "utf8");
    const dir = /\S+-keel-activator-snapshot-emulated(?=\/activator\.blob)/.exec(activate)?.[0];
    assert.ok(dir, activate);
    assert.equal(readFileSync(join(dir, "cpu-flags"), "utf8"), `emulated:${TCG_CPU}\n`);
    // The script's snapshot start, run under qemu-user with the guest's CPU model: V8 accepts the blob.
    const node = /KEEL_V8_FLAGS='--no-opt' (\S+ld-linux-x86-64\.so\.2 .*?) -- "\$@"/.exec(activate)?.[1];
    assert.ok(node, "activate starts Node.js from the snapshot");
    const root = join(work, "emulated-root");
    mkdirSync(root);
    const marker = join(work, ".keel-activator-emulated");
    writeFileSync(marker, "");
    const qemu = debianCommand(emulated.context.pkgs.store, emulated.context.pkgs["qemu-user"], "qemu-x86_64");
    const env = ["/usr/bin/env", `${SNAPSHOT_ENV.marker}=${marker}`, `${SNAPSHOT_ENV.v8Flags}=--no-opt`];
    const run = onKeelUsr(emulated.toplevel, work, [...env, ...qemu, "-cpu", TCG_CPU, ...node.split(" "), "--", "--root", root, "--action", "boot", emulated.toplevel]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(existsSync(marker), false, "the snapshot's main ran: V8 accepted the blob under the emulated CPU");
    assert.ok(existsSync(join(root, "etc/passwd")), "and activated");
    // On this (real) CPU the script still tries it; V8 refuses it and the plain bundle runs, noted.
    const here = join(work, "emulated-here");
    mkdirSync(here);
    const native = onKeelUsr(emulated.toplevel, work, [join(emulated.toplevel, "activate"), "--root", here, "--action", "boot"]);
    assert.equal(native.status, 0, native.stderr);
    assert.match(native.stderr, /did not start the activator from its snapshot/);
    assert.ok(existsSync(join(here, "etc/passwd")));
  });
});
