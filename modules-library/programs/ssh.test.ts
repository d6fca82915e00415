import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

const hasSsh = spawnSync("ssh", ["-V"]).status === 0 && spawnSync("ssh-keygen", ["--help"]).status !== null;
const scratch = () => mkdtempSync(join(tmpdir(), "keel-ssh-"));

/** A fresh ed25519 public key, as `ssh-keyscan` would print it (type and key). */
function newPublicKey(): string {
  const dir = scratch();
  const r = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", join(dir, "key")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(join(dir, "key.pub"), "utf8").trim();
}

/** What the real ssh makes of a client configuration for a host: `ssh -G -F <file> <host>`. */
function sshResolved(configText: string, host: string): Map<string, string> {
  const file = join(scratch(), "ssh_config");
  writeFileSync(file, configText);
  const r = spawnSync("ssh", ["-G", "-F", file, host], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return new Map(r.stdout.split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf(" ")), l.slice(l.indexOf(" ") + 1)]));
}

describe("programs.ssh: ssh_config", () => {
  test("defaults: NixOS's layout, the global known hosts file, ForwardX11 no; the client is installed", () => {
    const { config } = evaluateWith({});
    assert.equal(
      config.environment.etc["ssh/ssh_config"].text,
      "# Custom options from `extraConfig`, to override generated options\n\n# Generated options from other settings\nHost *\nGlobalKnownHostsFile /etc/ssh/ssh_known_hosts\nForwardX11 no\n",
    );
    assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "openssh-client"));
    assert.equal(config.programs.ssh.setXAuthLocation, false);
  });

  test("extraConfig comes first, so it overrides the generated settings for its hosts", { skip: !hasSsh && "no ssh" }, () => {
    const { config } = evaluateWith({
      config: { programs: { ssh: { forwardX11: false, extraConfig: "Host git.example.com\n  User git\n  ForwardX11 yes", ciphers: ["aes256-gcm@openssh.com"] } } },
    });
    const text = config.environment.etc["ssh/ssh_config"].text as string;
    assert.ok(text.indexOf("Host git.example.com") < text.indexOf("Host *"));
    const special = sshResolved(text, "git.example.com");
    assert.equal(special.get("user"), "git");
    assert.equal(special.get("forwardx11"), "yes");
    assert.equal(special.get("ciphers"), "aes256-gcm@openssh.com");
    assert.equal(sshResolved(text, "other.example.com").get("forwardx11"), "no");
  });

  test("knownHostsFiles are copied to the store and listed after ssh_known_hosts in GlobalKnownHostsFile", { skip: !hasSsh && "no ssh" }, () => {
    const file = join(scratch(), "work_known_hosts");
    writeFileSync(file, `git.work.example ${newPublicKey()}\n`);
    const { config } = evaluateWith({ config: { programs: { ssh: { knownHostsFiles: [file] } } } });
    const line = /^GlobalKnownHostsFile (.*)$/m.exec(config.environment.etc["ssh/ssh_config"].text)?.[1] ?? "";
    const [first, copied, ...rest] = line.split(" ");
    assert.equal(first, "/etc/ssh/ssh_known_hosts");
    assert.match(copied ?? "", /^\/.+-work_known_hosts$/);
    assert.deepEqual(rest, []);
    assert.equal(sshResolved(config.environment.etc["ssh/ssh_config"].text, "h").get("globalknownhostsfile"), line);
  });

  test("forwardX11 without an xauth location is refused, as NixOS does", () => {
    const failed = failedAssertions(evaluateWith({ config: { programs: { ssh: { forwardX11: true, setXAuthLocation: false } } } }));
    assert.match(failed, /cannot enable X11 forwarding without setting XAuth location/);
  });

  test("null forwardX11 leaves ForwardX11 out", () => {
    const { config } = evaluateWith({ config: { programs: { ssh: { forwardX11: null } } } });
    assert.doesNotMatch(config.environment.etc["ssh/ssh_config"].text, /ForwardX11/);
  });
});

describe("programs.ssh: ssh_known_hosts", () => {
  test("one line per host in name order: @cert-authority, names joined with commas, the attribute name by default", { skip: !hasSsh && "no ssh" }, () => {
    const [a, b, c] = [newPublicKey(), newPublicKey(), newPublicKey()];
    const keyFile = join(scratch(), "b.pub");
    writeFileSync(keyFile, `${b}\n`);
    const { config } = evaluateWith({
      config: {
        programs: {
          ssh: {
            knownHosts: {
              "web.example": { extraHostNames: ["10.0.0.5"], publicKey: a },
              backup: { hostNames: ["backup.example", "192.0.2.7"], publicKeyFile: keyFile },
              ca: { hostNames: ["*.example"], certAuthority: true, publicKey: c },
            },
          },
        },
      },
    });
    const text = config.environment.etc["ssh/ssh_known_hosts"].text as string;
    assert.equal(text, `backup.example,192.0.2.7 ${b}\n@cert-authority *.example ${c}\nweb.example,10.0.0.5 ${a}\n`);
    // ssh-keygen finds the hosts by each of their names in the written file.
    const file = join(scratch(), "ssh_known_hosts");
    writeFileSync(file, text);
    for (const [host, key] of [["10.0.0.5", a], ["backup.example", b]] as const) {
      const r = spawnSync("ssh-keygen", ["-F", host, "-f", file], { encoding: "utf8" });
      assert.equal(r.status, 0, `${host}: ${r.stderr}`);
      assert.ok(r.stdout.includes(key), host);
    }
  });

  test("an entry needs exactly one of publicKey and publicKeyFile; an unreadable key file is reported", () => {
    const failed = failedAssertions(
      evaluateWith({
        config: { programs: { ssh: { knownHosts: { none: {}, both: { publicKey: "ssh-ed25519 AAAA", publicKeyFile: "/x" }, gone: { publicKeyFile: "/nonexistent/key.pub" } } } } },
      }),
    );
    assert.match(failed, /knownHost none must contain either a publicKey or publicKeyFile/);
    assert.match(failed, /knownHost both must contain either a publicKey or publicKeyFile/);
    assert.match(failed, /programs\.ssh\.knownHosts\.gone\.publicKeyFile: cannot read \/nonexistent\/key\.pub/);
  });
});

describe("programs.ssh.startAgent", () => {
  test("off by default: no agent unit, SSH_AUTH_SOCK untouched", () => {
    const { config } = evaluateWith({});
    assert.equal("ssh-agent.service" in config.systemd.user.units, false);
    assert.doesNotMatch(config.environment.etc["profile.d/keel.sh"].text, /SSH_AUTH_SOCK/);
  });

  test("a user service runs ssh-agent on $XDG_RUNTIME_DIR/ssh-agent for every non-system user", () => {
    const { config } = evaluateWith({ config: { programs: { ssh: { startAgent: true, agentTimeout: "1h" } } } });
    const unit = config.systemd.user.units["ssh-agent.service"];
    assert.deepEqual(unit.wantedBy, ["default.target"]);
    assert.match(unit.text, /^ConditionUser=!@system$/m);
    assert.match(unit.text, /^ExecStart=\/\S+\/usr\/bin\/ssh-agent -t 1h -a %t\/ssh-agent$/m);
    assert.match(unit.text, /^ExecStartPre=\/\S+\/bin\/rm -f %t\/ssh-agent$/m);
    assert.match(unit.text, /^Type=forking$/m);
    assert.equal("ssh-agent.service" in config.systemd.units, false, "a user unit, not a system one");
  });

  test("login shells point SSH_AUTH_SOCK at the agent, unless a forwarded agent already set it", () => {
    const { config } = evaluateWith({ config: { programs: { ssh: { startAgent: true } } } });
    const profile = join(scratch(), "keel.sh");
    writeFileSync(profile, config.environment.etc["profile.d/keel.sh"].text);
    const run = (env: Record<string, string>) => spawnSync("sh", ["-c", `. ${profile}; printf %s "$SSH_AUTH_SOCK"`], { encoding: "utf8", env: { USER: "u", ...env } }).stdout;
    assert.equal(run({ XDG_RUNTIME_DIR: "/run/user/1000" }), "/run/user/1000/ssh-agent");
    assert.equal(run({ XDG_RUNTIME_DIR: "/run/user/1000", SSH_AUTH_SOCK: "/tmp/ssh-fwd/agent.1" }), "/tmp/ssh-fwd/agent.1");
  });
});

test("services.openssh still owns sshd_config", () => {
  const { config } = evaluateWith({ config: { services: { openssh: { enable: true } }, programs: { ssh: { extraConfig: "Compression yes" } } } });
  assert.doesNotMatch(config.environment.etc["ssh/sshd_config"].text, /Compression/);
  assert.match(config.environment.etc["ssh/ssh_config"].text, /^Compression yes$/m);
});
