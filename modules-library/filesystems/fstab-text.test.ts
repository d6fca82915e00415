import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";
import { escapeFstabField, fsckPass, renderFstab } from "./fstab-text.ts";

const GENERATOR = "/usr/lib/systemd/system-generators/systemd-fstab-generator";

/** A configuration with one of each kind of entry fstab has to carry. */
const machine = {
  config: {
    fileSystems: {
      "/": { device: "/dev/disk/by-uuid/8c4c2b5e-4c4a-4a49-9c43-8e2f8f3b7e11", fsType: "ext4" },
      "/boot": { device: "/dev/disk/by-uuid/1A2B-3C4D", fsType: "vfat", options: ["fmask=0077", "dmask=0077"] },
      "/home/alice/my files": { label: "alice files", fsType: "ext4", options: ["noatime", "nofail"] },
      "/home": { device: "/dev/disk/by-uuid/0e0c7f43-0b7d-4c1e-9f0a-2a1e1a4b8d10", fsType: "xfs" },
      "/var/lib/cache": { fsType: "tmpfs", options: ["size=512M", "mode=0755"] },
      "/srv/share": { device: "nas:/export/share", fsType: "nfs", options: ["x-systemd.automount", "_netdev"] },
      "/srv/www": { device: "/home/www", fsType: "none", options: ["bind"] },
    },
    swapDevices: [{ device: "/dev/disk/by-uuid/3b5f0c1e-2a4d-4b1e-9f57-6f4f0e0a9d21", priority: 10, discardPolicy: "once" as const }, { label: "swap2", discardPolicy: "both" as const }],
  },
};

/**
 * Runs systemd-fstab-generator on `fstab` and returns the files it wrote. It runs chrooted into a
 * directory holding only /usr, /proc (swap needs /proc/swaps), its own /etc/fstab and an empty /run, in a private mount
 * namespace: in a container (CI's docker) the generator skips swap and device entries, and the
 * checks for one look at files (/.dockerenv) the chroot does not have.
 */
function runGenerator(fstab: string): Map<string, string> {
  const root = mkdtempSync(join(tmpdir(), "keel-fstab-gen-"));
  try {
    for (const d of ["usr", "etc", "run", "tmp", "proc", "out"]) mkdirSync(join(root, d));
    for (const l of ["lib", "lib64", "bin", "sbin"]) symlinkSync(`usr/${l}`, join(root, l));
    writeFileSync(join(root, "etc/fstab"), fstab);
    const r = spawnSync("unshare", ["-m", "sh", "-c", `mount --bind /usr '${root}/usr' && mount -t proc proc '${root}/proc' && exec chroot '${root}' ${GENERATOR} /out /out /out`], {
      encoding: "utf8",
      env: { ...process.env, SYSTEMD_PROC_CMDLINE: "", SYSTEMD_LOG_LEVEL: "info" },
    });
    assert.equal(r.status, 0, `systemd-fstab-generator failed: ${r.stderr}`);
    const files = new Map<string, string>();
    const walk = (dir: string, prefix: string) => {
      for (const name of readdirSync(dir, { withFileTypes: true })) {
        const rel = prefix + name.name;
        if (name.isDirectory()) walk(join(dir, name.name), `${rel}/`);
        else files.set(rel, name.isSymbolicLink() ? "" : readFileSync(join(dir, name.name), "utf8"));
      }
    };
    walk(join(root, "out"), "");
    return files;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe("/etc/fstab", () => {
  test("escapes blanks inside a field; fsck passes follow NixOS", () => {
    assert.equal(escapeFstabField("/mnt/a b\tc"), "/mnt/a\\040b\\011c");
    const fs = { device: "/dev/sda1", fsType: "ext4", options: ["defaults"], noCheck: false };
    assert.equal(fsckPass({ ...fs, mountPoint: "/" }), 1);
    assert.equal(fsckPass({ ...fs, mountPoint: "/home" }), 2);
    assert.equal(fsckPass({ ...fs, mountPoint: "/home", noCheck: true }), 0);
    assert.equal(fsckPass({ ...fs, mountPoint: "/home", fsType: "btrfs" }), 0);
    assert.equal(fsckPass({ ...fs, mountPoint: "/srv", options: ["bind"] }), 0);
  });

  test("the text: NixOS's header, parents before children, swap lines with priority and discard", () => {
    const text: string = evaluateWith(machine).config.environment.etc.fstab.text;
    const body = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    assert.deepEqual(body, [
      "/dev/disk/by-uuid/8c4c2b5e-4c4a-4a49-9c43-8e2f8f3b7e11 / ext4 x-initrd.mount 0 1",
      "/dev/disk/by-uuid/1A2B-3C4D /boot vfat fmask=0077,dmask=0077 0 2",
      "/dev/disk/by-uuid/0e0c7f43-0b7d-4c1e-9f0a-2a1e1a4b8d10 /home xfs defaults 0 2",
      "/dev/disk/by-label/alice\\x20files /home/alice/my\\040files ext4 noatime,nofail 0 2",
      "nas:/export/share /srv/share nfs x-systemd.automount,_netdev 0 0",
      "/home/www /srv/www none bind 0 0",
      "tmpfs /var/lib/cache tmpfs size=512M,mode=0755 0 0",
      "/dev/disk/by-uuid/3b5f0c1e-2a4d-4b1e-9f57-6f4f0e0a9d21 none swap defaults,pri=10,discard=once",
      "/dev/disk/by-label/swap2 none swap defaults,discard",
    ]);
    assert.match(text, /^# This is a generated file\. {2}Do not edit!\n/);
    assert.match(text, /\n# Filesystems\.\n/);
    assert.match(text, /\n\n# Swap devices\.\n/);
  });

  test("no swap section without swap devices; an empty configuration is only the header", () => {
    const text = renderFstab([], []);
    assert.doesNotMatch(text, /Swap/);
    assert.equal(text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).length, 0);
  });

  test(
    "systemd-fstab-generator reads it as meant: units, escaping, automount, swap, bind, the root",
    { skip: !(existsSync(GENERATOR) && process.getuid?.() === 0) && "needs root and systemd-fstab-generator" },
    () => {
      const units = runGenerator(evaluateWith(machine).config.environment.etc.fstab.text);
      const home = units.get("home-alice-my\\x20files.mount");
      assert.ok(home, [...units.keys()].join("\n"));
      assert.match(home, /^What=\/dev\/disk\/by-label\/alice\\x20files$/m);
      assert.match(home, /^Where=\/home\/alice\/my files$/m);
      assert.match(home, /^Options=noatime,nofail$/m);
      // nofail: wanted, not required, by local-fs.target.
      assert.ok(units.has("local-fs.target.wants/home-alice-my\\x20files.mount"));
      assert.match(units.get("boot.mount") ?? "", /^Requires=systemd-fsck@dev-disk-by\\x2duuid-1A2B\\x2d3C4D\.service$/m);
      assert.match(units.get("-.mount") ?? "", /^Options=x-initrd\.mount$/m);
      assert.ok(units.has("local-fs.target.wants/systemd-fsck-root.service"), "root has pass 1: checked");
      assert.match(units.get("srv-share.automount") ?? "", /^Where=\/srv\/share$/m);
      assert.ok(units.has("remote-fs.target.requires/srv-share.automount"), "an automounted nfs share belongs to remote-fs.target");
      assert.match(units.get("srv-www.mount") ?? "", /^What=\/home\/www$/m);
      assert.match(units.get("var-lib-cache.mount") ?? "", /^Type=tmpfs$/m);
      const swap = units.get("dev-disk-by\\x2duuid-3b5f0c1e\\x2d2a4d\\x2d4b1e\\x2d9f57\\x2d6f4f0e0a9d21.swap");
      assert.match(swap ?? "", /^Options=defaults,pri=10,discard=once$/m, [...units.keys()].join("\n"));
      assert.ok(units.has("swap.target.requires/dev-disk-by\\x2dlabel-swap2.swap"));
    },
  );
});
