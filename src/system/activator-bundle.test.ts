import assert from "node:assert/strict";
import { test } from "node:test";
import { bundleActivator } from "./activator-bundle.ts";

test("boot activation loads only the built-ins it needs: the switch, node:crypto and node:child_process load on use", () => {
  // An ESM bundle's static imports are all loaded before any of its code runs, lazily wrapped
  // modules included. Debian's Node.js compiles each built-in from source, so under emulation every
  // extra one slows every boot (src/activation/lazy-builtins.ts).
  const bundle = bundleActivator();
  const imported = new Set([...bundle.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1] ?? ""));
  // Each of these pulls in dozens of internal modules (streams, sockets, the crypto bindings).
  const heavy = ["child_process", "crypto", "net", "dgram", "stream", "http", "https", "zlib", "readline", "worker_threads"];
  const loaded = [...imported].filter((m) => heavy.includes(m.replace(/^node:/, "").replace(/\/.*$/, "")));
  assert.deepEqual(loaded, []);
  assert.ok(imported.has("node:fs"), "the import scan found the bundle's imports");
  // dbus-next (the switch's D-Bus client) is evaluated only when the switch runs.
  assert.match(bundle, /await Promise\.resolve\(\)\.then\(\(\) => \(init_switch_to_configuration\(\)/);
});
