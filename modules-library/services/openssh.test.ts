import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

describe("services.openssh", () => {
  test("renders ports, settings and keys into sshd_config and a restart-on-change service", () => {
    const { config } = evaluateWith({
      config: {
        services: { openssh: { enable: true, ports: [22, 2222], settings: { PasswordAuthentication: false, MaxAuthTries: 3, AllowUsers: ["alice", "bob"] } } },
        users: { users: { alice: { isNormalUser: true, openssh: { authorizedKeys: { keys: ["ssh-ed25519 AAAAC3Nza alice@x"] } } } } },
      },
    });
    const sshdConfig: string = config.environment.etc["ssh/sshd_config"].text;
    assert.match(sshdConfig, /^Port 22\nPort 2222$/m);
    assert.match(sshdConfig, /^PasswordAuthentication no$/m);
    assert.match(sshdConfig, /^MaxAuthTries 3$/m);
    assert.match(sshdConfig, /^AllowUsers alice\nAllowUsers bob$/m);
    assert.match(sshdConfig, /^PermitRootLogin prohibit-password$/m);
    assert.match(sshdConfig, /^Subsystem sftp \S+-openssh-sftp-server-\S+\/usr\/lib\/openssh\/sftp-server$/m);
    assert.equal(config.environment.etc["ssh/authorized_keys.d/alice"].text, "ssh-ed25519 AAAAC3Nza alice@x\n");
    const sshd = config.systemd.services.sshd;
    assert.equal(sshd.stopIfChanged, false);
    assert.deepEqual(sshd.wantedBy, ["multi-user.target"]);
    assert.match(String(sshd.serviceConfig.ExecStart), /\/usr\/sbin\/sshd -D -f \/etc\/ssh\/sshd_config$/);
    // Host keys are made on the machine at first start, never in the store.
    assert.match(sshd.preStart, /ssh-keygen -t ed25519 -f "\/etc\/ssh\/ssh_host_ed25519_key" -N ""/);
    const unit: string = config.systemd.units["sshd.service"].text;
    assert.match(unit, /^X-Restart-Triggers=\S+X-Restart-Triggers-sshd\.service$/m);
    assert.match(unit, /^X-StopIfChanged=false$/m);
  });

  test("disabled, it adds no unit and no config", () => {
    const { config } = evaluateWith({});
    assert.equal(config.systemd.units["sshd.service"], undefined);
    assert.equal(config.environment.etc["ssh/sshd_config"], undefined);
  });

  test("a setting of the wrong type names the option and the file", () => {
    const { config } = evaluateWith({ config: { services: { openssh: { enable: true, settings: { PermitRootLogin: "maybe" } } } } });
    assert.throws(() => config.services.openssh.settings.PermitRootLogin, /services\.openssh\.settings\.PermitRootLogin.*is not of type/s);
    assert.throws(() => config.environment.etc["ssh/sshd_config"].text, /PermitRootLogin/);
  });
});
