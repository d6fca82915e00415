import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";
import { toGitIni } from "./git-ini.ts";

const hasGit = spawnSync("git", ["--version"]).status === 0;

/** What git itself reads from a file: `git config --file <f> --list`. */
function gitList(text: string): string[] {
  const file = join(mkdtempSync(join(tmpdir(), "keel-gitconfig-")), "gitconfig");
  writeFileSync(file, text);
  const r = spawnSync("git", ["config", "--file", file, "--list"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trimEnd().split("\n");
}

describe("toGitIni (nixpkgs lib.generators.toGitINI)", () => {
  test("subsections, lists as repeated keys, sorted sections and keys, git's string escapes", () => {
    const text = toGitIni({
      url: { "https://github.com/": { insteadOf: ["gh:", "github:"] } },
      init: { defaultBranch: "main" },
      core: { editor: 'vim -c "set tw=72"', autocrlf: false, abbrev: 12 },
    });
    assert.equal(
      text,
      '[core]\n\tabbrev = 12\n\tautocrlf = false\n\teditor = "vim -c \\"set tw=72\\""\n\n[init]\n\tdefaultBranch = "main"\n\n[url "https://github.com/"]\n\tinsteadOf = "gh:"\n\tinsteadOf = "github:"\n',
    );
  });

  test("git reads back what was written", { skip: !hasGit && "no git" }, () => {
    const text = toGitIni({ url: { "https://github.com/": { insteadOf: ["gh:", "github:"] } }, alias: { lg: "log --graph\t--oneline" }, "includeIf.gitdir:~/work/": { path: "~/work/.gitconfig" } });
    assert.deepEqual(gitList(text), [
      "alias.lg=log --graph\t--oneline",
      "includeif.gitdir:~/work/.path=~/work/.gitconfig",
      "url.https://github.com/.insteadof=gh:",
      "url.https://github.com/.insteadof=github:",
    ]);
  });

  test("a value git cannot hold is an error naming the key", () => {
    assert.throws(() => toGitIni({ core: { pager: null } }), /core\.pager: null cannot be written/);
    assert.throws(() => toGitIni({ core: { compression: 1.5 } }), /core\.compression/);
  });
});

describe("programs.git", () => {
  test("disabled by default: no gitconfig, git not added", () => {
    const { config } = evaluateWith({ config: { programs: { git: { config: { user: { name: "x" } } } } } });
    assert.equal("gitconfig" in config.environment.etc, false);
    assert.equal(config.programs.git.enable, false);
  });

  test("enabled: Debian's git in the system and /etc/gitconfig from config", () => {
    const { config } = evaluateWith({ config: { programs: { git: { enable: true, config: { init: { defaultBranch: "main" } } } } } });
    assert.equal(config.programs.git.package.debName, "git");
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "git"));
    assert.equal(config.environment.etc.gitconfig.text, '[init]\n\tdefaultBranch = "main"\n');
  });

  test("enabled without config: no /etc/gitconfig", () => {
    const { config } = evaluateWith({ config: { programs: { git: { enable: true } } } });
    assert.equal("gitconfig" in config.environment.etc, false);
  });

  test("attribute definitions from several modules merge first; lists keep their order after them", { skip: !hasGit && "no git" }, () => {
    const { config } = evaluateWith(
      { config: { programs: { git: { enable: true, config: { user: { name: "Alice" } } } } } },
      { config: { programs: { git: { config: [{ "includeIf.gitdir:/srv/": { path: "/etc/git-srv" } }, { core: { pager: "less" } }] } } } },
      { config: { programs: { git: { config: { init: { defaultBranch: "main" } } } } } },
    );
    const text = config.environment.etc.gitconfig.text as string;
    assert.equal(text, '[init]\n\tdefaultBranch = "main"\n\n[user]\n\tname = "Alice"\n\n[includeIf "gitdir:/srv/"]\n\tpath = "/etc/git-srv"\n\n[core]\n\tpager = "less"\n');
    assert.deepEqual(gitList(text), ["init.defaultbranch=main", "user.name=Alice", "includeif.gitdir:/srv/.path=/etc/git-srv", "core.pager=less"]);
  });

  test("lfs.enable adds git-lfs and its filter", () => {
    const { config } = evaluateWith({ config: { programs: { git: { enable: true, lfs: { enable: true } } } } });
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "git-lfs"));
    assert.equal(
      config.environment.etc.gitconfig.text,
      '[filter "lfs"]\n\tclean = "git-lfs clean -- %f"\n\tprocess = "git-lfs filter-process"\n\trequired = true\n\tsmudge = "git-lfs smudge -- %f"\n',
    );
  });

  test("a value git cannot hold is an evaluation error naming the option and key", () => {
    const failed = failedAssertions(evaluateWith({ config: { programs: { git: { enable: true, config: { core: { pager: null } } } } } }));
    assert.match(failed, /programs\.git\.config: core\.pager: null cannot be written/);
  });
});
