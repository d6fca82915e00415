import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

describe("systemd.user units", () => {
  const { config } = evaluateWith({
    config: {
      system: { userActivationScripts: { hello: "echo hello" } },
      systemd: {
        user: {
          services: { sync: { description: "Sync files", wantedBy: ["default.target"], serviceConfig: { ExecStart: "/bin/true", Type: "oneshot" } } },
          timers: { sync: { wantedBy: ["timers.target"], timerConfig: { OnCalendar: "hourly" } } },
          sockets: { echo: { listenStreams: ["%t/echo.sock"], wantedBy: ["sockets.target"] } },
          targets: { work: { description: "Work session", wants: ["sync.service"] } },
          paths: { inbox: { pathConfig: { PathChanged: "%h/inbox" } } },
        },
      },
    },
  });
  const units = config.systemd.user.units;

  test("the same option shapes as system units render to systemd.user.units, not to system units", () => {
    assert.deepEqual(Object.keys(units).sort(), ["echo.socket", "inbox.path", "keel-activation.service", "sync.service", "sync.timer", "work.target"]);
    assert.deepEqual(units["sync.service"].wantedBy, ["default.target"]);
    assert.match(units["sync.timer"].text, /^OnCalendar=hourly$/m);
    assert.equal("sync.service" in config.systemd.units, false);
  });

  test("keel-activation.service runs userActivationScripts for non-system users when the manager starts", () => {
    const unit = units["keel-activation.service"];
    assert.deepEqual(unit.wantedBy, ["default.target"]);
    assert.match(unit.text, /^ConditionUser=!@system$/m);
    assert.match(unit.text, /^Type=oneshot$/m);
  });

  test("an invalid user unit name is an evaluation error naming it", () => {
    assert.match(failedAssertions(evaluateWith({ config: { systemd: { user: { services: { "a b": { script: "true" } } } } } })), /`a b\.service' is not a valid systemd unit name/);
  });

  test("the rendered user units pass systemd-analyze --user verify", { skip: spawnSync("systemd-analyze", ["--version"]).status !== 0 && "no systemd-analyze" }, () => {
    const dir = mkdtempSync(join(tmpdir(), "keel-user-units-"));
    // ExecStart of keel-activation points into a scratch store that is never built: verify the others.
    const names = ["echo.socket", "inbox.path", "sync.service", "sync.timer", "work.target"];
    mkdirSync(join(dir, "units"));
    for (const name of names) writeFileSync(join(dir, "units", name), units[name].text);
    writeFileSync(join(dir, "units", "echo.service"), "[Service]\nExecStart=/bin/cat\nStandardInput=socket\n");
    writeFileSync(join(dir, "units", "inbox.service"), "[Service]\nExecStart=/bin/true\n");
    const r = spawnSync("systemd-analyze", ["--user", "verify", "--man=no", ...names.map((n) => join(dir, "units", n))], {
      encoding: "utf8",
      env: { ...process.env, XDG_RUNTIME_DIR: dir, HOME: dir },
    });
    const ours = `${r.stdout}${r.stderr}`.split("\n").filter((l) => names.some((n) => l.includes(n)));
    assert.deepEqual(ours, []);
    assert.equal(r.status, 0, r.stderr);
  });
});
