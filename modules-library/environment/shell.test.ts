import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

const { config } = evaluateWith({
  config: {
    environment: {
      variables: { GREETING: "hello" },
      shellAliases: { ll: "ls -l", gs: "git status" },
      extraInit: 'export FROM_EXTRA="$GREETING"',
      shellInit: "export FROM_SHELL_INIT=1",
      loginShellInit: "export FROM_LOGIN=1",
      interactiveShellInit: "keel_interactive() { echo interactive; }",
      shells: ["/usr/bin/zsh"],
    },
    programs: {
      bash: {
        shellAliases: { gs: "git status --short", ll: null },
        loginShellInit: "export BASH_LOGIN=1",
        interactiveShellInit: "export BASH_INTERACTIVE=1",
      },
    },
  },
});
const etc = config.environment.etc;
const dir = mkdtempSync(join(tmpdir(), "keel-shell-test-"));
writeFileSync(join(dir, "keel.sh"), etc["profile.d/keel.sh"].text);
writeFileSync(join(dir, "bash.bashrc"), etc["bash.bashrc"].text);

/** Runs `script` in a bash without the host's start-up files; `interactive` adds -i. */
function bash(script: string, interactive: boolean): string {
  return execFileSync("bash", ["--norc", "--noprofile", ...(interactive ? ["-i"] : []), "-c", script], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

test("login shells run extraInit after the variables, then shellInit and loginShellInit (bash's only in bash)", () => {
  const out = bash('. ./keel.sh; echo "$FROM_EXTRA $FROM_SHELL_INIT $FROM_LOGIN $BASH_LOGIN"', false);
  assert.equal(out, "hello 1 1 1\n");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, expanded by dash
  const dash = execFileSync("dash", ["-c", '. ./keel.sh; echo "$FROM_LOGIN:${BASH_LOGIN:-unset}"'], { cwd: dir, encoding: "utf8" });
  assert.equal(dash, "1:unset\n", "dash runs the generic lines and skips bash's");
});

test("interactive bash gets the aliases (bash's over the environment's, null removes) and interactive init, once", () => {
  const out = bash(". ./bash.bashrc; . ./bash.bashrc; alias gs; alias ll 2>/dev/null || echo no-ll; keel_interactive; echo $BASH_INTERACTIVE", true);
  assert.equal(out, "alias gs='git status --short'\nno-ll\ninteractive\n1\n");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, expanded by bash
  assert.equal(bash(". ./bash.bashrc; echo ${BASH_INTERACTIVE:-skipped}", false), "skipped\n", "a non-interactive shell skips it");
});

test("/etc/shells lists Debian's shells and environment.shells", () => {
  assert.equal(etc.shells.text, "/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/dash\n/usr/bin/dash\n/usr/bin/zsh\n");
});
