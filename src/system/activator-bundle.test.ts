import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { bundleActivator } from "./activator-bundle.ts";

test("boot activation loads only the built-ins it needs: the switch, node:crypto and node:child_process load on use", () => {
  // Debian's Node.js compiles each built-in from source (and a snapshot cannot hold these), so
  // under emulation every extra one slows every boot (src/activation/lazy-builtins.ts). Run the
  // bundle to its usage message (every module it initialises eagerly is initialised by then) and
  // list the built-ins it loaded.
  const dir = mkdtempSync(join(tmpdir(), "keel-bundle-"));
  writeFileSync(join(dir, "keel-activator.cjs"), bundleActivator());
  const list = join(dir, "loaded.json");
  writeFileSync(join(dir, "list.cjs"), `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`);
  // Output to a file, as a pipe would load node:net for process.stderr itself.
  const errFd = openSync(join(dir, "stderr"), "w");
  const run = spawnSync(process.execPath, ["--require", join(dir, "list.cjs"), join(dir, "keel-activator.cjs")], { stdio: ["ignore", errFd, errFd] });
  closeSync(errFd);
  assert.equal(run.status, 1);
  assert.match(readFileSync(join(dir, "stderr"), "utf8"), /usage: activate/);
  const loaded = (JSON.parse(readFileSync(list, "utf8")) as string[]).filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice("NativeModule ".length));
  // Each of these pulls in dozens of internal modules (streams, sockets, the crypto bindings).
  const heavy = ["child_process", "crypto", "net", "dgram", "http", "https", "zlib", "readline", "worker_threads", "v8"];
  assert.deepEqual(loaded.filter((m) => heavy.includes(m)), []);
  assert.ok(loaded.includes("fs"), "the list names the built-ins the run loaded");
  // dbus-next (the switch's D-Bus client) is initialised only when the switch runs.
  const bundle = bundleActivator();
  assert.match(bundle, /Promise\.resolve\(\)\.then\(\(\) => \(init_switch_to_configuration\(\)/);
});
