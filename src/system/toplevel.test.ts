import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { before, describe, test } from "node:test";
import { buildHost, type BuildHostResult } from "./build-host.ts";
import { canRunSystemTests, repoDir, testStore } from "./testing/test-store.ts";

const skip = !canRunSystemTests && "needs root";

async function build(host: string): Promise<BuildHostResult> {
  return buildHost({ repoDir, host, ...testStore, outLink: null });
}

describe("the demo toplevel", { skip }, () => {
  let demo: BuildHostResult;
  before(async () => {
    demo = await build("demo");
  });

  test("has the layout of reference §1", () => {
    const t = demo.toplevel;
    for (const file of ["init", "activate", "activation.json", "boot.json", "kernel-params", "keel-version", "system"]) {
      assert.ok(lstatSync(join(t, file)).isFile(), file);
    }
    for (const link of ["kernel", "initrd", "kernel-modules", "etc", "sw", "systemd"]) assert.ok(lstatSync(join(t, link)).isSymbolicLink(), link);
    assert.equal(readFileSync(join(t, "kernel-params"), "utf8"), "loglevel=4");
    const boot = JSON.parse(readFileSync(join(t, "boot.json"), "utf8"))["org.nixos.bootspec.v1"];
    assert.equal(boot.toplevel, t);
    assert.equal(boot.init, `${t}/init`);
    assert.equal(realpathSync(boot.kernel), realpathSync(join(t, "kernel")));
    assert.ok(existsSync(join(t, "sw/bin/bash")) && existsSync(join(t, "sw/sbin/sshd")) && existsSync(join(t, "sw/bin/htop")));
    assert.equal(readlinkSync(join(t, "sw/lib64/ld-linux-x86-64.so.2")).length > 0, true);
  });

  test("the same configuration gives the same path in a fresh process", () => {
    const script = `import { evaluateToplevel } from "./src/system/build-host.ts";
      const r = await evaluateToplevel({ repoDir: process.cwd(), host: "demo", storeDir: ${JSON.stringify(testStore.storeDir)}, stateDir: ${JSON.stringify(testStore.stateDir)} });
      console.log(r.built.toplevel.outPath);`;
    const out = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoDir, encoding: "utf8" });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout.trim(), demo.toplevel);
  });

  test("an empty store at the same path (a fresh machine) builds byte-identical outputs", () => {
    // A private mount namespace with a tmpfs over the test store's directory stands for a new
    // machine: same store path, nothing built, only the download cache shared.
    const script = `import { buildHost } from "./src/system/build-host.ts";
      const r = await buildHost({ repoDir: process.cwd(), host: "demo", storeDir: ${JSON.stringify(testStore.storeDir)}, stateDir: ${JSON.stringify(testStore.stateDir)}, outLink: null });
      const store = r.context.store;
      const out = {};
      for (const p of store.closure([r.toplevel])) out[p] = store.queryPathInfo(p).narHash;
      console.log(JSON.stringify({ toplevel: r.toplevel, hashes: out }));`;
    const base = dirname(testStore.storeDir);
    const shell = `mount -t tmpfs -o size=4g tmpfs ${base} && exec ${process.execPath} --import tsx --input-type=module -e '${script.replace(/'/g, "'\\''")}'`;
    const result = spawnSync("unshare", ["--mount", "sh", "-c", shell], { cwd: repoDir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    assert.equal(result.status, 0, result.stderr.slice(-3000));
    const fresh = JSON.parse(result.stdout.trim().split("\n").pop()!) as { toplevel: string; hashes: Record<string, string> };
    assert.equal(fresh.toplevel, demo.toplevel);
    const store = demo.context.store;
    // The activator's V8 snapshot is the one output that is not bit-for-bit reproducible: V8 writes
    // the time of Node's start and native addresses (ASLR) into the heap (activator-snapshot.ts).
    const unreproducible = (p: string) => p.endsWith("-keel-activator-snapshot");
    const differing = Object.entries(fresh.hashes).filter(([p, h]) => !unreproducible(p) && store.queryPathInfo(p)?.narHash !== h);
    assert.deepEqual(differing, []);
    assert.ok(Object.keys(fresh.hashes).length > 100);
  });

  test("every generated unit passes systemd-analyze verify against the closure", () => {
    // A root where /etc/systemd/system is the generation's, /usr its sw and the store mounted at
    // its own path (in a private mount namespace): unit paths, upstream units and the programs
    // units start all resolve as they will on the machine.
    const root = mkdtempSync(join(tmpdir(), "keel-verify-"));
    const units = realpathSync(join(demo.toplevel, "etc/systemd/system"));
    const ours = readdirSync(units).filter((n) => /\.(service|socket|timer|target|path|mount)$/.test(n) && lstatSync(join(units, n)).isFile());
    assert.ok(ours.includes("sshd.service") && ours.includes("hello.service"), ours.join(" "));
    mkdirSync(join(root, "etc/systemd"), { recursive: true });
    symlinkSync(units, join(root, "etc/systemd/system"));
    symlinkSync(join(demo.toplevel, "sw"), join(root, "usr"));
    for (const [name, target] of [["bin", "usr/bin"], ["sbin", "usr/sbin"], ["lib", "usr/lib"], ["lib64", "usr/lib64"]]) symlinkSync(target!, join(root, name!));
    mkdirSync(join(root, testStore.storeDir), { recursive: true });
    const verify = `mount --bind ${testStore.storeDir} ${root}${testStore.storeDir} && exec systemd-analyze verify --man=no --root=${root} ${ours.join(" ")}`;
    const result = spawnSync("unshare", ["--mount", "sh", "-c", verify], { encoding: "utf8" });
    assert.equal(`${result.stdout}${result.stderr}`.trim(), "");
    assert.equal(result.status, 0);
  });

  test("a broken unit is caught by the same check", () => {
    // Guards the check above: verify must see our units for real, so a bad one fails it.
    const root = mkdtempSync(join(tmpdir(), "keel-verify-bad-"));
    mkdirSync(join(root, "etc/systemd/system"), { recursive: true });
    writeFileSync(join(root, "etc/systemd/system/broken.service"), "[Service]\nType=bogus\nExecStart=/nonexistent\n");
    const result = spawnSync("systemd-analyze", ["verify", "--man=no", `--root=${root}`, "broken.service"], { encoding: "utf8" });
    assert.notEqual(result.status, 0);
  });

  test("generated scripts pass bash -n", () => {
    const units = realpathSync(join(demo.toplevel, "etc/systemd/system"));
    const scripts = new Set([join(demo.toplevel, "init"), join(demo.toplevel, "activate")]);
    for (const name of readdirSync(units)) {
      const path = join(units, name);
      if (!lstatSync(path).isFile()) continue;
      for (const m of readFileSync(path, "utf8").matchAll(/^Exec\w+=[-@+!]*(\S+unit-script-\S+)/gm)) scripts.add(m[1]!);
    }
    assert.ok(scripts.size >= 4, [...scripts].join(" "));
    for (const script of scripts) {
      const result = spawnSync("bash", ["-n", script], { encoding: "utf8" });
      assert.equal(result.status, 0, `${script}: ${result.stderr}`);
    }
  });

  test("the etc tree carries the configuration and the packages' defaults", () => {
    const etc = join(demo.toplevel, "etc");
    assert.equal(readFileSync(join(etc, "hostname"), "utf8"), "demo\n");
    assert.match(readFileSync(join(etc, "ssh/sshd_config"), "utf8"), /^PasswordAuthentication no$/m);
    assert.match(readFileSync(join(etc, "ssh/authorized_keys.d/alice"), "utf8"), /^ssh-ed25519 \S+ alice@demo$/m);
    assert.equal(readFileSync(join(etc, "ssh/authorized_keys.d/alice.mode"), "utf8"), "0444");
    // From Debian's login package, not written by Keel.
    assert.match(readFileSync(join(etc, "login.defs"), "utf8"), /UID_MIN/);
    assert.ok(existsSync(join(etc, "pam.d/sshd")) && existsSync(join(etc, "pam.d/common-auth")));
  });
});

describe("the vfio host", { skip }, () => {
  test("its specialisation carries the VFIO parameters and modules; the parent does not", async () => {
    const vfio = await build("vfio");
    const parent = JSON.parse(readFileSync(join(vfio.toplevel, "boot.json"), "utf8"));
    const params: string[] = parent["org.nixos.bootspec.v1"].kernelParams;
    assert.ok(!params.some((p) => p.includes("vfio") || p.includes("iommu")), params.join(" "));
    const child = parent["org.nixos.specialisation.v1"].vfio["org.nixos.bootspec.v1"];
    for (const p of [
      "amd_iommu=on",
      "iommu=pt",
      "vfio-pci.ids=1002:744c,1002:ab30",
      "video=efifb:off",
      "video=simpledrm:off",
      "video=vesafb:off",
      "vfio-pci.disable_vga=1",
    ]) {
      assert.ok(child.kernelParams.includes(p), p);
    }
    const childTop = readlinkSync(join(vfio.toplevel, "specialisation/vfio"));
    assert.equal(child.toplevel, childTop);
    assert.match(readFileSync(join(childTop, "etc/modprobe.d/keel.conf"), "utf8"), /^options vfio-pci ids=1002:744c,1002:ab30 disable_vga=1$/m);
    // The child's initrd loads the vfio modules; the parent's has none of them.
    const listing = (top: string) => spawnSync("sh", ["-c", `gzip -dc ${join(top, "initrd")} | cpio -t --quiet`], { encoding: "utf8" }).stdout;
    assert.match(listing(childTop), /vfio_iommu_type1\.ko/);
    assert.match(listing(childTop), /vfio-pci\.ko|vfio_pci\.ko/);
    assert.doesNotMatch(listing(vfio.toplevel), /vfio/);
  });
});
