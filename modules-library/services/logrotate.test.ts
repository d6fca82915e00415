import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createPackageSet, readLock } from "../../src/packages/index.ts";
import { openStore } from "../../src/store/index.ts";
import { repoDir, testStore } from "../../src/system/testing/test-store.ts";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";
import { buildDemoWith, canVerifyUnits, verifyUnits } from "../lib/verify-units.ts";
import { checkedLogrotateConf, type LogrotateSection, logrotateConfText } from "./logrotate-conf.ts";

const app = {
  "/var/log/app/*.log": { frequency: "daily", rotate: 7, compress: true, delaycompress: false, postrotate: "systemctl reload app", su: "app app", create: "0640 app app" },
  multi: { files: ["/var/log/a.log", "/var/log/b b.log"], size: "10M", priority: 2000 },
  early: { files: "/var/log/early.log", priority: 500, missingok: false },
};
const evaluate = (logrotate: Record<string, unknown>) => evaluateWith({ config: { services: { logrotate } } }).config;

describe("services.logrotate", () => {
  test("off without settings: no units, no /etc/logrotate.conf", () => {
    const config = evaluate({});
    assert.equal(config.services.logrotate.enable, false);
    assert.equal(config.systemd.units["logrotate.service"], undefined);
    assert.equal(config.environment.etc["logrotate.conf"], undefined);
  });

  test("settings turn it on; the file is NixOS's: header first, then by priority and name, directives sorted, scripts in endscript blocks", () => {
    const config = evaluate({ settings: app });
    assert.equal(config.services.logrotate.enable, true);
    assert.equal(
      logrotateConfText(config.services.logrotate.settings),
      [
        "weekly\nmissingok\nnotifempty\nrotate 4\n",
        '"/var/log/early.log" {\n  nomissingok\n}\n',
        '"/var/log/app/*.log" {\n  compress\n  create 0640 app app\n  nodelaycompress\n  daily\n  postrotate\n    systemctl reload app\n  endscript\n  rotate 7\n  su app app\n}\n',
        '"/var/log/a.log"\n"/var/log/b b.log" {\n  size 10M\n}\n',
      ].join("\n"),
    );
  });

  test("a header from the host is merged over NixOS's defaults (and, as in NixOS, its null frequency drops `weekly`); disabled sections are left out", () => {
    const text = logrotateConfText(evaluate({ settings: { header: { dateext: true, rotate: 10 }, "/var/log/x.log": { enable: false } } }).services.logrotate.settings);
    assert.equal(text, "dateext\nmissingok\nnotifempty\nrotate 10\n");
    const s = (extra: Partial<LogrotateSection>) => ({ enable: true, global: false, files: "f", priority: 1000, ...extra }) as LogrotateSection;
    assert.equal(logrotateConfText({ a: s({ files: "/a", compress: true }), g: s({ global: true, priority: 900, copytruncate: true }) }), 'weekly\nmissingok\nnotifempty\nrotate 4\n\ncopytruncate\n\n"/a" {\n  compress\n}\n');
  });

  test("logrotate.service runs hourly as root on the store file, which is also /etc/logrotate.conf; checkconf at boot", () => {
    const config = evaluate({ settings: app, extraArgs: ["--verbose"] });
    const file = config.services.logrotate.configFile as string;
    assert.match(file, /-logrotate\.conf$/);
    const svc = config.systemd.services.logrotate;
    assert.deepEqual(svc.startAt, ["hourly"]);
    assert.match(String((svc.serviceConfig.ExecStart as string[])[1]), new RegExp(`-logrotate-[^/]+/usr/sbin/logrotate --verbose ${file}$`));
    assert.equal(svc.serviceConfig.User, "root");
    assert.match(config.systemd.units["logrotate.timer"].text, /^OnCalendar=hourly$/m);
    assert.match(config.systemd.units["logrotate-checkconf.service"].text, /^ExecStart=\S+logrotate --verbose --debug \S+-logrotate\.conf$/m);
    assert.deepEqual(config.systemd.services["logrotate-checkconf"].wantedBy, ["multi-user.target"]);
    assert.equal(String(config.environment.etc["logrotate.conf"].source), file);
    assert.equal(svc.serviceConfig.StateDirectory, "logrotate", "Debian's logrotate keeps /var/lib/logrotate/status");
    // Its libraries in /usr/lib, the package (and Debian's daily timer) not.
    const installed = config.environment.systemPackages.map((p: { debName?: string }) => p.debName);
    assert.ok(installed.includes("libpopt0"));
    assert.ok(!installed.includes("logrotate"));
  });

  test("configFile replaces the generated file; the removed options say what to use", () => {
    const config = evaluate({ enable: true, configFile: "/srv/logrotate.conf" });
    assert.match(config.systemd.units["logrotate.service"].text, / \/srv\/logrotate\.conf$/m);
    assert.match(failedAssertions(evaluateWith({ config: { services: { logrotate: { extraConfig: "x" } } } })), /services\.logrotate\.extraConfig.*settings\.header/s);
  });
});

const skip = !canVerifyUnits && "needs root (the shared test store, namespaces) and systemd-analyze";

describe("services.logrotate: build-time logrotate --debug, units verified", { skip }, () => {
  const store = openStore(testStore);
  const pkgs = createPackageSet({ store, lock: readLock(repoDir) });
  const checked = (text: string) => checkedLogrotateConf(pkgs, pkgs.logrotate, text, true);

  test("a good config passes logrotate --debug (users and missing logs adjusted as NixOS does)", async () => {
    const config = evaluateWith({ config: { services: { logrotate: { settings: app } } } }).config;
    const [out] = await store.realise(checked(logrotateConfText(config.services.logrotate.settings)));
    assert.ok(out?.endsWith("-logrotate.conf"));
  });

  test("a directive logrotate does not know fails the build with logrotate's error; nothing reaches the store", async () => {
    const bad = checked('"/var/log/x.log" {\n  rotat 4\n}\n');
    await assert.rejects(store.realise(bad), /Logrotate configuration check failed[\s\S]*error: .*unknown option 'rotat'/);
    assert.equal(store.isValid(bad.outPath), false);
  });

  test("logrotate.service, its timer and logrotate-checkconf pass systemd-analyze verify", async () => {
    const toplevel = await buildDemoWith({ config: { services: { logrotate: { settings: app } } } });
    const r = verifyUnits(toplevel, ["logrotate.service", "logrotate.timer", "logrotate-checkconf.service"]);
    assert.equal(r.output, "");
    assert.equal(r.status, 0);
  });
});
