import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { assertionsModule, evalModules } from "../../src/modules/index.ts";
import { createPackageSet, readLock } from "../../src/packages/index.ts";
import { openStore } from "../../src/store/index.ts";
import { canRunSystemTests, repoDir, testStore } from "../../src/system/testing/test-store.ts";
import { allModules } from "../index.ts";
import { evaluateWith, testPackages } from "../lib/testing.ts";

const host = {
  environment: {
    variables: { GREETING: "hello world" },
    shellAliases: { ll: "ls -l", gs: "git status" },
    shellInit: "export FROM_ENV_INIT=1",
    loginShellInit: "export FROM_ENV_LOGIN=1",
    interactiveShellInit: "ENV_INTERACTIVE=1",
  },
  programs: {
    zsh: {
      enable: true,
      shellInit: 'export FROM_ZSH_INIT="after-$FROM_ENV_INIT"',
      loginShellInit: 'export FROM_ZSH_LOGIN="after-$FROM_ENV_LOGIN"',
      interactiveShellInit: 'ZSH_INTERACTIVE="after-$ENV_INTERACTIVE"',
      shellAliases: { gs: "git status --short", ll: null, la: "ls -a" },
      histSize: 500,
      histFile: "$HOME/.my_history",
      setOptions: ["EXTENDED_HISTORY", "NO_BEEP"],
      syntaxHighlighting: { enable: true, highlighters: ["main", "brackets"] },
    },
  },
};

describe("programs.zsh (evaluation)", () => {
  test("off by default: Debian's /etc/zsh files stay, zsh is no login shell", () => {
    const { config } = evaluateWith({});
    assert.equal(config.programs.zsh.enable, false);
    assert.equal(config.environment.etc["zsh/zshrc"], undefined);
    assert.equal(config.environment.etc["zsh/zshenv"], undefined);
    assert.doesNotMatch(config.environment.etc.shells.text, /zsh/);
    assert.equal(config.programs.zsh.enableGlobalCompInit, true, "follows enableCompletion");
  });

  test("enabled: zsh is installed, allowed in /etc/shells, and a user's pkgs.zsh shell is one of them", () => {
    const pkgs = testPackages();
    const { config } = evaluateWith({ config: { ...host, users: { users: { alice: { isNormalUser: true, shell: pkgs.zsh } } } } });
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "zsh"));
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "zsh-syntax-highlighting"));
    const shells: string[] = config.environment.etc.shells.text.trimEnd().split("\n");
    const alice = config.users.activationSpec.users.find((u: { name: string }) => u.name === "alice");
    assert.equal(alice.shell, "/bin/zsh");
    assert.ok(shells.includes(alice.shell), `${alice.shell} is not in /etc/shells: ${shells.join(" ")}`);
    assert.ok(shells.includes("/usr/bin/zsh"));
  });

  test("the files replace Debian's zshenv, zprofile and zshrc; zlogin/zlogout are left to the package", () => {
    const { config } = evaluateWith({ config: host });
    const etc = config.environment.etc;
    for (const f of ["zshenv", "zprofile", "zshrc"]) assert.match(etc[`zsh/${f}`].text, new RegExp(`^# /etc/zsh/${f}: DO NOT EDIT`));
    assert.equal(etc["zsh/zlogin"], undefined);
    assert.match(etc["zsh/zshrc"].text, /^\. \S+-zsh-common-[^/]+\/etc\/zsh\/zshrc$/m, "Debian's key bindings are sourced from the package");
  });

  test("aliases: programs.zsh.shellAliases over environment.shellAliases, null removes one", () => {
    const { config } = evaluateWith({ config: host });
    assert.deepEqual(config.programs.zsh.shellAliases, { gs: "git status --short", ll: null, la: "ls -a" });
    const rc: string = config.environment.etc["zsh/zshrc"].text;
    assert.deepEqual(
      rc.split("\n").filter((l) => l.startsWith("alias ")),
      ["alias -- gs='git status --short'", "alias -- la='ls -a'"],
    );
  });

  test("enableCompletion = false drops compinit (enableGlobalCompInit follows it)", () => {
    const on = evaluateWith({ config: host }).config.environment.etc["zsh/zshrc"].text;
    const off = evaluateWith({ config: { programs: { zsh: { enable: true, enableCompletion: false } } } }).config.environment.etc["zsh/zshrc"].text;
    assert.match(on, /^autoload -U compinit && compinit$/m);
    assert.doesNotMatch(off, /compinit/);
  });
});

const skip = !canRunSystemTests && "needs root (the shared test store)";

describe("programs.zsh run by Debian's zsh", { skip }, () => {
  const store = openStore(testStore);
  const pkgs = createPackageSet({ store, lock: readLock(repoDir) });
  // Evaluated against the real test store, so the store paths in the files exist once realised.
  const { config } = evalModules({ modules: [...allModules, assertionsModule, { config: host }], specialArgs: { pkgs } });
  const etc = config.environment.etc;
  const dir = mkdtempSync(join(tmpdir(), "keel-zsh-test-"));
  // The files name /etc/...: point them at the scratch directory instead.
  const local = (text: string) => text.replaceAll("/etc/set-environment", join(dir, "set-environment"));
  for (const f of ["zshenv", "zprofile", "zshrc"]) writeFileSync(join(dir, f), local(etc[`zsh/${f}`].text));
  writeFileSync(join(dir, "set-environment"), etc["set-environment"].text);

  let zsh = "";
  let prelude = "";
  test("realise zsh and what the files source", async () => {
    const [zshOut] = await store.realise(pkgs.zsh as never);
    const [common] = await store.realise(pkgs["zsh-common"] as never);
    await store.realise(pkgs["zsh-syntax-highlighting"] as never);
    await store.realise(pkgs.coreutils as never);
    zsh = `${zshOut}/bin/zsh`;
    // Debian's zsh looks for its modules and functions under /usr, which this machine may not have.
    prelude = `module_path=(${zshOut}/usr/lib/x86_64-linux-gnu/zsh/5.9); fpath=(${common}/usr/share/zsh/functions/**/*(/)); `;
  });

  const run = (script: string, interactive = false) => {
    const r = spawnSync(zsh, ["-f", ...(interactive ? ["-i"] : []), "-c", prelude + script], {
      cwd: dir,
      encoding: "utf8",
      env: { HOME: dir, TERM: "xterm", USER: "alice" },
    });
    return { out: r.stdout, err: r.stderr, status: r.status };
  };

  test("zsh -n accepts every generated file", () => {
    for (const f of ["zshenv", "zprofile", "zshrc"]) {
      const r = spawnSync(zsh, ["-n", join(dir, f)], { encoding: "utf8" });
      assert.equal(r.status, 0, `${f}: ${r.stderr}`);
    }
  });

  test("zshenv sets the environment (once) and runs shellInit, environment's first", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh syntax
    const r = run(". ./zshenv; PATH=/changed:$PATH; unset __ETC_ZSHENV_SOURCED; . ./zshenv; print -r -- $GREETING $FROM_ZSH_INIT ${PATH%%:*}; print -r -- $path[2]");
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, "hello world after-1 /changed\n/run/wrappers/bin\n", "set-environment runs once per process tree, so PATH changes survive");
  });

  test("zprofile runs the login init, environment's first", () => {
    const r = run(". ./zshenv; . ./zprofile; print -r -- $FROM_ZSH_LOGIN");
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, "after-1\n");
  });

  test("an interactive zsh gets options, history settings, aliases, completion, highlighting and the prompt", () => {
    const r = run(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh syntax
      ". ./zshenv; . ./zshrc; alias gs; alias la; alias ll || print no-ll; print -r -- $HISTSIZE $SAVEHIST ${HISTFILE#$HOME/} $ZSH_INTERACTIVE; " +
        "[[ -o extendedhistory && -o nobeep ]] && print options; whence -w compdef; print -r -- $ZSH_HIGHLIGHT_HIGHLIGHTERS; [[ -n $LS_COLORS ]] && print colors; print -r -- $prompt_theme",
      true,
    );
    assert.equal(r.status, 0, r.err);
    assert.equal(
      r.out,
      ["gs='git status --short'", "la='ls -a'", "no-ll", "500 500 .my_history after-1", "options", "compdef: function", "main brackets", "colors", "suse", ""].join("\n"),
      r.err,
    );
  });
});
