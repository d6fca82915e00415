import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { renderAutomount, renderService, renderSlice, renderSocket, renderTimer, type UnitRenderContext } from "./render-units.ts";
import type { CommonUnitDefinition, ServiceDefinition } from "./unit-definition.ts";
import { checkUnitName, escapeSystemdPath, InvalidUnitNameError } from "./unit-names.ts";

const common: CommonUnitDefinition = {
  enable: true,
  description: "",
  documentation: [],
  requires: [],
  wants: [],
  upholds: [],
  after: [],
  before: [],
  bindsTo: [],
  partOf: [],
  conflicts: [],
  requisite: [],
  onFailure: [],
  onSuccess: [],
  unitConfig: {},
  restartTriggers: [],
  reloadTriggers: [],
  wantedBy: [],
  requiredBy: [],
  upheldBy: [],
  aliases: [],
  overrideStrategy: "asDropinIfExists",
};

function service(overrides: Partial<ServiceDefinition>): ServiceDefinition {
  return {
    ...common,
    environment: {},
    path: [],
    serviceConfig: {},
    script: "",
    scriptArgs: "",
    preStart: "",
    postStart: "",
    reload: "",
    preStop: "",
    postStop: "",
    restartIfChanged: true,
    reloadIfChanged: false,
    stopIfChanged: true,
    notSocketActivated: false,
    startAt: [],
    ...overrides,
  };
}

function tempContext(): UnitRenderContext & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "keel-units-"));
  return {
    dir,
    bash: "/bin/bash",
    defaultPath: ["/keel/store/00000000000000000000000000000000-coreutils"],
    writeScript(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      chmodSync(path, 0o755);
      return path;
    },
    writeText(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

describe("renderService", () => {
  test("renders NixOS's layout: [Unit], Environment first, X- flags, sorted serviceConfig, informational [Install]", () => {
    const ctx = tempContext();
    const unit = renderService(
      "hello",
      service({
        description: "Say hello",
        after: ["network.target", "dbus.service"],
        wantedBy: ["multi-user.target"],
        environment: { GREETING: "hi there", UNSET: null },
        serviceConfig: { Type: "oneshot", RemainAfterExit: true },
        script: "echo $GREETING",
        stopIfChanged: false,
      }),
      ctx,
    );
    assert.equal(unit.name, "hello.service");
    assert.deepEqual(unit.wantedBy, ["multi-user.target"]);
    const text = unit.text ?? "";
    assert.match(text, /^\[Unit\]\nAfter=network.target dbus.service\nDescription=Say hello\n\n\[Service\]\n/);
    assert.match(text, /Environment="GREETING=hi there"\nEnvironment="PATH=[^"]*coreutils\/bin[^"]*"\nX-StopIfChanged=false\n/);
    assert.doesNotMatch(text, /UNSET/);
    assert.match(text, /ExecStart=.*unit-script-hello.service-start\nRemainAfterExit=true\nType=oneshot\n/);
    assert.match(text, /\[Install\]\nWantedBy=multi-user.target\n$/);
  });

  test("reloadIfChanged wins over restartIfChanged; restartIfChanged=false is written otherwise", () => {
    const ctx = tempContext();
    const both = renderService("a", service({ reloadIfChanged: true, restartIfChanged: false }), ctx).text ?? "";
    assert.match(both, /X-ReloadIfChanged=true/);
    assert.doesNotMatch(both, /X-RestartIfChanged/);
    const noRestart = renderService("b", service({ restartIfChanged: false }), ctx).text ?? "";
    assert.match(noRestart, /X-RestartIfChanged=false/);
  });

  test("restart triggers go to a store file so a changed trigger changes the unit text", () => {
    const ctx = tempContext();
    const one = renderService("t", service({ restartTriggers: ["/etc/a", ["x"]] }), ctx).text ?? "";
    const two = renderService("t", service({ restartTriggers: ["/etc/b"] }), { ...ctx, writeText: (n, t) => `/store/${n}-${t}` }).text ?? "";
    assert.match(one, /X-Restart-Triggers=.*X-Restart-Triggers-t.service/);
    assert.notEqual(one, two);
  });

  test("a disabled unit renders as masked (no text)", () => {
    assert.equal(renderService("off", service({ enable: false }), tempContext()).text, null);
  });

  test("a value with a newline is refused with the unit and key named", () => {
    assert.throws(
      () => renderService("bad", service({ serviceConfig: { ExecStart: "/bin/true\nUser=root" } }), tempContext()),
      /unit `bad.service' has an invalid value for `ExecStart': it contains a line break/,
    );
  });

  test("rendered units pass systemd-analyze verify", { skip: !hasSystemdAnalyze() }, () => {
    const ctx = tempContext();
    const units = [
      renderService("hello", service({ description: "Hello", script: "echo hello", wantedBy: ["multi-user.target"], serviceConfig: { Type: "oneshot" } }), ctx),
      renderSocket("echo", { ...common, listenStreams: ["127.0.0.1:7777"], listenDatagrams: [], socketConfig: { Accept: true } }, ctx),
      renderService("echo@", service({ serviceConfig: { ExecStart: "/bin/cat", StandardInput: "socket" } }), ctx),
      renderTimer("hello", { ...common, timerConfig: { OnCalendar: "daily", Persistent: true }, wantedBy: ["timers.target"] }, ctx),
      renderSlice("limited", { ...common, sliceConfig: { MemoryMax: "512M", CPUWeight: 50 } }, ctx),
      renderAutomount("mnt-data.automount", { ...common, where: "/mnt/data", automountConfig: { TimeoutIdleSec: 600 }, wantedBy: ["multi-user.target"] }, ctx),
    ];
    const files = units.map((u) => {
      const path = join(ctx.dir, u.name);
      writeFileSync(path, u.text ?? "");
      return path;
    });
    const result = spawnSync("systemd-analyze", ["verify", "--man=no", ...files], { encoding: "utf8", cwd: ctx.dir });
    // Only complaints about our own units count; the host's unrelated units may warn.
    const names = units.map((u) => u.name);
    const ours = `${result.stdout}${result.stderr}`
      .split("\n")
      .filter((l) => l.includes(ctx.dir) || names.some((n) => l.startsWith(`${n}:`)));
    assert.deepEqual(ours, []);
    assert.equal(result.status, 0, result.stderr);
  });
});

describe("unit names", () => {
  test("accepts services, templates and instances", () => {
    assert.equal(checkUnitName("sshd.service"), "service");
    assert.equal(checkUnitName("getty@tty1.service"), "service");
    assert.equal(checkUnitName("serial-getty@.service"), "service");
  });
  test("refuses names systemd would refuse, naming the file", () => {
    assert.throws(() => checkUnitName("my service.service", "hosts/x/default.ts"), (e: unknown) => {
      assert.ok(e instanceof InvalidUnitNameError);
      assert.match(e.message, /hosts\/x\/default.ts/);
      return true;
    });
    assert.throws(() => checkUnitName("foo.servce"), /does not end in a unit type/);
  });
  test("escapes paths as systemd-escape --path does", () => {
    for (const path of ["/", "/var/lib", "/mnt/my disk", "/home/.hidden", "/a-b"]) {
      const expected = execFileSync("systemd-escape", ["--path", path], { encoding: "utf8" }).trim();
      assert.equal(escapeSystemdPath(path), expected, path);
    }
  });
});

function hasSystemdAnalyze(): boolean {
  return spawnSync("systemd-analyze", ["--version"]).status === 0;
}
