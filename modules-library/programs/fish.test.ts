import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createPackageSet, readLock } from "../../src/packages/index.ts";
import { openStore } from "../../src/store/index.ts";
import { canRunSystemTests, repoDir, testStore } from "../../src/system/testing/test-store.ts";
import { evaluateWith } from "../lib/testing.ts";
import { fishQuote } from "./fish.ts";

const host = {
  environment: {
    variables: { GREETING: "hello world", EDITOR: "vim" },
    extraInit: 'export FROM_EXTRA="$GREETING!"',
    shellInit: "export FROM_ENV_INIT=1",
    loginShellInit: "export FROM_ENV_LOGIN=1",
    interactiveShellInit: "export FROM_ENV_INTERACTIVE=1",
    shellAliases: { gd: "git diff", gs: "git status" },
  },
  programs: {
    fish: {
      enable: true,
      shellInit: "set -gx FROM_FISH_INIT after-$FROM_ENV_INIT",
      loginShellInit: "set -gx FROM_FISH_LOGIN after-$FROM_ENV_LOGIN",
      interactiveShellInit: "set -gx FROM_FISH_INTERACTIVE after-$FROM_ENV_INTERACTIVE",
      shellAliases: { gs: "git status --short", gd: null, say: "printf '%s\\n' \"it's\"" },
      shellAbbrs: { gco: "git checkout" },
    },
  },
};

describe("programs.fish (evaluation)", () => {
  test("off by default: Debian's config.fish stays, fish is no login shell", () => {
    const { config } = evaluateWith({});
    assert.equal(config.environment.etc["fish/config.fish"], undefined);
    assert.doesNotMatch(config.environment.etc.shells.text, /fish/);
  });

  test("enabled: fish installed and in /etc/shells; config.fish and the environment snippet generated", () => {
    const { config } = evaluateWith({ config: host });
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "fish"));
    assert.ok(config.environment.etc.shells.text.split("\n").includes("/usr/bin/fish"));
    assert.match(config.environment.etc["fish/config.fish"].text, /^# \/etc\/fish\/config\.fish: DO NOT EDIT/);
    assert.equal(config.environment.etc["fish/foreign-env/loginShellInit"].text, "export FROM_ENV_LOGIN=1");
  });

  test("fish quoting keeps quotes and backslashes", () => {
    assert.equal(fishQuote("it's \\ok"), "'it\\'s \\\\ok'");
  });
});

const skip = !canRunSystemTests && "needs root (the shared test store)";

describe("programs.fish run by Debian's fish", { skip }, () => {
  const { config } = evaluateWith({ config: host });
  const etc = config.environment.etc;
  const dir = mkdtempSync(join(tmpdir(), "keel-fish-test-"));
  // The files name /etc/...: point them at the scratch directory instead.
  const local = (text: string) => text.replaceAll("/etc/", `${dir}/etc/`);
  for (const name of ["set-environment", "fish/conf.d/00-keel-environment.fish", "fish/config.fish", "fish/foreign-env/shellInit", "fish/foreign-env/loginShellInit", "fish/foreign-env/interactiveShellInit"]) {
    mkdirSync(join(dir, "etc", name, ".."), { recursive: true });
    writeFileSync(join(dir, "etc", name), local(etc[name].text));
  }
  let fish = "";
  let libs = "";
  let functions = "";
  test("realise fish", async () => {
    const store = openStore(testStore);
    const pkgs = createPackageSet({ store, lock: readLock(repoDir) });
    const [bin] = await store.realise(pkgs.fish as never);
    const [common] = await store.realise(pkgs["fish-common"] as never);
    const [pcre] = await store.realise(pkgs["libpcre2-32-0"] as never);
    // Debian's fish finds its functions under /usr/share/fish, which this machine may not have.
    mkdirSync(join(dir, "usr/bin"), { recursive: true });
    copyFileSync(`${bin}/usr/bin/fish`, join(dir, "usr/bin/fish"));
    symlinkSync(`${common}/usr/share/fish`, join(dir, "usr/share"));
    fish = join(dir, "usr/bin/fish");
    libs = `${pcre}/usr/lib/x86_64-linux-gnu`;
    functions = `${common}/usr/share/fish/functions`;
  });

  const run = (flags: string[], script: string) => {
    const prelude = `set fish_function_path ${functions}; source ${dir}/etc/fish/conf.d/00-keel-environment.fish; source ${dir}/etc/fish/config.fish; `;
    const r = spawnSync(fish, ["--no-config", ...flags, "-c", prelude + script], { encoding: "utf8", env: { HOME: dir, LD_LIBRARY_PATH: libs, TERM: "dumb", USER: "alice" } });
    return { out: r.stdout, err: r.stderr, status: r.status };
  };

  test("fish -n accepts the generated files", () => {
    for (const f of ["fish/conf.d/00-keel-environment.fish", "fish/config.fish"]) {
      const r = spawnSync(fish, ["-n", join(dir, "etc", f)], { encoding: "utf8", env: { LD_LIBRARY_PATH: libs } });
      assert.equal(r.status, 0, `${f}: ${r.stderr}`);
    }
  });

  test("every fish gets the system environment (PATH as a list, variables, extraInit) and shellInit", () => {
    const r = run([], "echo $PATH[1]; echo $GREETING; echo $FROM_EXTRA; echo $FROM_FISH_INIT; set -q FROM_FISH_LOGIN; or echo not-login; set -q FROM_FISH_INTERACTIVE; or echo not-interactive");
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, "/run/wrappers/bin\nhello world\nhello world!\nafter-1\nnot-login\nnot-interactive\n");
  });

  test("a login shell runs the login init, environment's first", () => {
    const r = run(["-l"], "echo $FROM_FISH_LOGIN");
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, "after-1\n");
  });

  test("an interactive fish gets the aliases (fish's over the environment's, null removes), abbreviations and interactive init", () => {
    const r = run(["-i"], "echo $FROM_FISH_INTERACTIVE; functions -q gd; or echo no-gd; functions gs | string match -q '*git status --short*'; and echo gs; say; abbr --show | string match -q '*gco*git checkout*'; and echo abbr");
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, "after-1\nno-gd\ngs\nit's\nabbr\n", r.err);
  });
});
