import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { ETC_MANIFEST, type EtcManifest, readEtcEntries, scanEtcTree } from "./etc-manifest.ts";
import { activateEtc } from "./setup-etc.ts";

/** An etc derivation's layout: `etc/` with links and sidecars. */
function etcDerivation(base: string): string {
  const tree = join(base, "drv", "etc");
  const put = (rel: string, target: string) => {
    mkdirSync(dirname(join(tree, rel)), { recursive: true });
    symlinkSync(target, join(tree, rel));
  };
  mkdirSync(join(base, "src"), { recursive: true });
  for (const f of ["hostname", "shadow-default", "zoneinfo"]) writeFileSync(join(base, "src", f), `${f}\n`);
  put("hostname", join(base, "src/hostname"));
  put("ssh/sshd_config", join(base, "src/hostname"));
  put("shadow", join(base, "src/shadow-default"));
  writeFileSync(join(tree, "shadow.mode"), "0640\n");
  writeFileSync(join(tree, "shadow.uid"), "+0\n");
  writeFileSync(join(tree, "shadow.gid"), "shadow\n");
  put("localtime", "/usr/share/zoneinfo/UTC");
  writeFileSync(join(tree, "localtime.mode"), "direct-symlink\n");
  return tree;
}

test("an etc tree's entries: links, copies with their owner and mode, direct links; sidecars are not entries", () => {
  const tree = etcDerivation(mkdtempSync(join(tmpdir(), "keel-etc-manifest-")));
  assert.deepEqual(scanEtcTree(tree), [
    { path: "hostname", kind: "link" },
    { path: "localtime", kind: "direct", target: "/usr/share/zoneinfo/UTC" },
    { path: "shadow", kind: "copy", mode: "0640", user: "+0", group: "shadow" },
    { path: "ssh/sshd_config", kind: "link" },
  ]);
});

test("activation takes the entries from the manifest beside the tree, not from walking it", () => {
  const base = mkdtempSync(join(tmpdir(), "keel-etc-manifest-"));
  const tree = etcDerivation(base);
  // Without a manifest the tree is walked.
  assert.equal(readEtcEntries(tree).length, 4);
  const manifest: EtcManifest = { version: 1, entries: [{ path: "hostname", kind: "link" }] };
  writeFileSync(join(dirname(tree), ETC_MANIFEST), JSON.stringify(manifest));
  const root = join(base, "root");
  const result = activateEtc({ root, etcTree: tree });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.linked, ["hostname"]);
  assert.equal(readlinkSync(join(root, "etc/hostname")), join(root, "etc/static/hostname"));
  assert.equal(existsSync(join(root, "etc/ssh/sshd_config")), false);
});
