import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

describe("systemd units from options", () => {
  test("services, timers from startAt, sockets and mounts are rendered with NixOS's names", () => {
    const { config } = evaluateWith({
      config: {
        systemd: {
          services: {
            backup: { description: "Nightly backup", script: "echo backup", startAt: "daily", serviceConfig: { Type: "oneshot" } },
            web: { wantedBy: ["multi-user.target"], serviceConfig: { ExecStart: "/bin/true", ExecStartPre: ["/bin/a", "/bin/b"] }, reloadIfChanged: true },
          },
          sockets: { echo: { listenStreams: ["127.0.0.1:7"], wantedBy: ["sockets.target"] } },
          mounts: [{ what: "tmpfs", where: "/var/lib/cache dir", type: "tmpfs", options: "size=10M" }],
        },
      },
    });
    const units = config.systemd.units;
    assert.match(units["backup.service"].text, /^Description=Nightly backup$/m);
    assert.match(units["backup.timer"].text, /^\[Timer\]\nOnCalendar=daily$/m);
    assert.deepEqual(units["backup.timer"].wantedBy, ["timers.target"]);
    assert.match(units["web.service"].text, /^ExecStartPre=\/bin\/a\nExecStartPre=\/bin\/b$/m);
    assert.match(units["web.service"].text, /^X-ReloadIfChanged=true$/m);
    assert.match(units["echo.socket"].text, /^ListenStream=127\.0\.0\.1:7$/m);
    assert.match(units["var-lib-cache\\x20dir.mount"].text, /^Where=\/var\/lib\/cache dir$/m);
  });

  test("serviceConfig lists from two modules are concatenated; single values must agree", () => {
    const ok = evaluateWith(
      { config: { systemd: { services: { s: { serviceConfig: { ExecStartPre: ["/bin/a"] } } } } } },
      { config: { systemd: { services: { s: { serviceConfig: { ExecStartPre: ["/bin/b"] } } } } } },
    );
    assert.deepEqual(ok.config.systemd.services.s.serviceConfig.ExecStartPre, ["/bin/a", "/bin/b"]);
    const clash = evaluateWith(
      { config: { systemd: { services: { s: { serviceConfig: { Type: "simple" } } } } } },
      { config: { systemd: { services: { s: { serviceConfig: { Type: "oneshot" } } } } } },
    );
    assert.throws(() => clash.config.systemd.services.s.serviceConfig.Type, /systemd\.services\.s\.serviceConfig\.Type' has conflicting definition values/);
  });

  test("a disabled unit is masked", () => {
    const { config } = evaluateWith({ config: { systemd: { services: { noisy: { enable: false, script: "true" } } } } });
    assert.equal(config.systemd.units["noisy.service"].text, null);
  });

  test("an invalid unit name fails the build with a message naming it", () => {
    assert.match(failedAssertions(evaluateWith({ config: { systemd: { services: { "a/b": { script: "true" } } } } })), /`a\/b\.service' is not a valid systemd unit name/);
  });
});
