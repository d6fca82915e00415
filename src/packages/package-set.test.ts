import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { openStore } from "../store/index.ts";
import { HashMismatchError, PackageNotLockedError, ProgramNotFoundError } from "./errors.ts";
import { readLock } from "./lock.ts";
import { resolveMirror } from "./mirror.ts";
import { closureOf, createPackageSet } from "./package-set.ts";
import { startTamperingProxy, type TamperingProxy } from "./test-proxy.ts";
import { CONTROL_DIR } from "./unpack.ts";

// The repository's own keel.lock (the set the system builder uses); .debs come from the machine's
// mirror through the shared download cache.
const repoDir = fileURLToPath(new URL("../..", import.meta.url));
const lock = readLock(repoDir);

function tempStore() {
  const root = mkdtempSync(join(tmpdir(), "keel-pkgs-"));
  return { root, store: openStore({ storeDir: join(root, "store"), stateDir: join(root, "var"), systemRoots: [] }) };
}

describe("pkgs at evaluation time (nothing built)", () => {
  const { store } = tempStore();
  const pkgs = createPackageSet({ store, lock });

  test("packages are deb-unpack derivations with lock data; interpolating one gives its store path", () => {
    const dash = pkgs.dash;
    assert.equal(dash.kind, "deb-unpack");
    assert.equal(dash.debName, "dash");
    assert.equal(dash.version, lock.packages.dash?.version);
    assert.equal(`${dash}`, dash.outPath);
    assert.ok(dash.outPath.startsWith(`${store.storeDir}/`));
    assert.equal(pkgs.dash, dash, "memoised");
    assert.deepEqual(dash.depends.map((p) => p.debName).sort(), [...(lock.packages.dash?.depends ?? [])].sort());
    assert.equal(store.isValid(dash.outPath), false);
  });

  test("bin() finds programs from the lock, before anything is downloaded", () => {
    assert.equal(pkgs["openssh-server"].bin("sshd"), `${pkgs["openssh-server"].outPath}/usr/sbin/sshd`);
    assert.equal(pkgs.dash.bin("sh"), `${pkgs.dash.outPath}/bin/sh`);
    // bin/ before helper trees (bookworm's bin/systemd is a symlink to it); a path picks exactly.
    assert.equal(pkgs.systemd.bin("systemd"), `${pkgs.systemd.outPath}/bin/systemd`);
    assert.equal(pkgs.systemd.bin("lib/systemd/systemd"), `${pkgs.systemd.outPath}/lib/systemd/systemd`);
    assert.equal(pkgs.systemd.bin("systemd-journald"), `${pkgs.systemd.outPath}/lib/systemd/systemd-journald`);
    assert.equal(pkgs.dash.path("/usr/share/doc"), `${pkgs.dash.outPath}/usr/share/doc`);
    assert.throws(() => pkgs.dash.bin("dahs"), (e: unknown) => e instanceof ProgramNotFoundError && /Did you mean "dash"/.test(e.message));
  });

  test("a name missing from the lock names `rebuild lock` and suggests close names", () => {
    // @ts-expect-error htpo is not a locked package: the generated name union makes this a tsc error
    assert.throws(() => pkgs.htpo, (e: unknown) => {
      assert.ok(e instanceof PackageNotLockedError);
      assert.match(e.message, /rebuild lock htpo/);
      assert.match(e.message, /Did you mean "htop"/);
      return true;
    });
    assert.equal("htop" in pkgs, true);
    assert.equal("htpo" in pkgs, false);
    assert.ok(Object.keys(pkgs).includes("openssh-server"));
  });

  test("closureOf follows lock-resolved dependencies through cycles, each package once", () => {
    const closure = closureOf([pkgs.dash]).map((p) => p.debName);
    assert.ok(closure.includes("dash") && closure.includes("libc6") && closure.includes("libgcc-s1"));
    assert.equal(new Set(closure).size, closure.length);
    assert.deepEqual(closure, [...closure].sort());
  });

  test("trivial builders are bound to the store and accept packages", () => {
    const env = pkgs.buildEnv("sw", [pkgs.dash, pkgs.hostname]);
    assert.ok(env.inputs.some((d) => d.outPath === pkgs.dash.outPath));
    const script = pkgs.writeShellScript("hello", `exec ${pkgs.dash.bin("sh")} -c true`);
    assert.ok(script.inputs.some((d) => d.outPath === pkgs.dash.outPath), "the interpolated package is an input");
  });
});

describe("realising packages (real .debs)", () => {
  test("dash unpacks into its store path with symlinks and control data kept", async () => {
    const { store } = tempStore();
    const pkgs = createPackageSet({ store, lock });
    const [out] = await store.realise(pkgs.dash.drv);
    assert.equal(out, pkgs.dash.outPath);
    assert.ok(store.isValid(pkgs.dash.outPath));
    assert.equal(readlinkSync(join(pkgs.dash.outPath, "bin/sh")), "dash", "package symlinks keep their own targets");
    assert.ok(statSync(pkgs.dash.bin("dash")).mode & 0o111);
    assert.match(readFileSync(join(pkgs.dash.outPath, CONTROL_DIR, "control"), "utf8"), /^Package: dash$/m);
    assert.ok(existsSync(join(pkgs.dash.outPath, CONTROL_DIR, "md5sums")));
    assert.equal(statSync(join(pkgs.dash.outPath, CONTROL_DIR, "postinst")).mode & 0o111, 0, "maintainer scripts are inert");
    // Realising again is no work.
    const events: string[] = [];
    await store.realise(pkgs.dash.drv, { onEvent: (e) => events.push(e.type) });
    assert.deepEqual(events, ["present"]);
  });

  test("absolute symlink targets are kept verbatim (systemd-sysv's /sbin/init)", async () => {
    const { store } = tempStore();
    const pkgs = createPackageSet({ store, lock });
    await store.realise(pkgs["systemd-sysv"].drv);
    assert.equal(readlinkSync(join(pkgs["systemd-sysv"].outPath, "sbin/init")), "/lib/systemd/systemd");
  });

  describe("a tampered .deb", () => {
    let proxy: TamperingProxy;
    before(async () => {
      proxy = await startTamperingProxy(resolveMirror().suites.bookworm as string, (path, body) => {
        if (!path.endsWith(".deb")) return body;
        const copy = Buffer.from(body);
        copy[copy.length - 10] = (copy[copy.length - 10] ?? 0) ^ 0xff;
        return copy;
      });
    });
    after(() => proxy.close());

    test("is refused with a clear message; nothing enters the cache or the store", async () => {
      const { root, store } = tempStore();
      const cacheDir = join(root, "cache");
      const mirror = { suites: { bookworm: proxy.url, "bookworm-updates": proxy.url, "bookworm-security": proxy.url }, origin: "test" };
      const pkgs = createPackageSet({ store, lock, mirror, cacheDir });
      await assert.rejects(store.realise(pkgs.hostname.drv), (e: unknown) => {
        const error = e instanceof HashMismatchError ? e : (e as { cause?: unknown }).cause;
        assert.ok(error instanceof HashMismatchError || /SHA-256/.test(String(e)), String(e));
        assert.match(String((error as Error).message), /hostname/);
        assert.match(String((error as Error).message), /nothing was stored/);
        return true;
      });
      assert.ok(proxy.requests.some((r) => r.endsWith(".deb")));
      assert.equal(store.isValid(pkgs.hostname.outPath), false);
      assert.equal(store.isValid(pkgs.hostname.deb.outPath), false);
      assert.deepEqual(
        readdirSync(store.storeDir).filter((n) => !n.startsWith(".")),
        [],
        "no path in the store",
      );
      assert.deepEqual(existsSync(join(cacheDir, "debs")) ? readdirSync(join(cacheDir, "debs")) : [], []);
    });
  });

  test("kill -9 during an unpack leaves no visible or registered path; the next run succeeds", async () => {
    const { root, store } = tempStore();
    const kernel = Object.keys(lock.packages).find((n) => /^linux-image-\d.*-amd64$/.test(n));
    assert.ok(kernel, "the lock has a kernel image package");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./fixtures/realise-child.ts", import.meta.url)), repoDir, store.storeDir, join(root, "var"), kernel],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        if (output.includes("building deb-unpack")) setTimeout(resolve, 1500);
      });
      child.on("exit", () => reject(new Error(`child exited before the unpack started: ${output}`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    assert.doesNotMatch(output, /^done/m, "killed mid-unpack");
    const pkgs = createPackageSet({ store: openStore({ storeDir: store.storeDir, stateDir: join(root, "var"), systemRoots: [] }), lock });
    const pkg = pkgs.getPackage(kernel);
    assert.equal(existsSync(pkg.outPath), false, "no visible output path");
    assert.equal(pkgs.store.isValid(pkg.outPath), false, "not registered");
    const visible = readdirSync(store.storeDir).filter((n) => !n.startsWith("."));
    assert.ok(!visible.some((n) => n.endsWith(pkg.name)), `no output-named entry: ${visible.join(", ")}`);
    const [out] = await pkgs.store.realise(pkg.drv);
    assert.equal(out, pkg.outPath);
    assert.ok(lstatSync(join(pkg.outPath, CONTROL_DIR, "control")).isFile());
    assert.ok(readdirSync(join(pkg.outPath, "boot")).some((n) => n.startsWith("vmlinuz-")));
  });
});

