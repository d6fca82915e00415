import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";
import { crontabLineProblem } from "./crontab-text.ts";

test("services.cron is off without jobs: no crontab, unit, wrapper or group", () => {
  const { config } = evaluateWith({});
  assert.equal(config.services.cron.enable, false);
  assert.equal(config.environment.etc.crontab, undefined);
  assert.equal("cron.service" in config.systemd.units, false);
  assert.equal(config.security.wrappers.crontab, undefined);
  assert.equal("crontab" in config.users.groups, false);
});

test("jobs turn cron on; /etc/crontab is NixOS's SHELL, PATH, MAILTO and the jobs, then the cronFiles, mode 0600", () => {
  const dir = mkdtempSync(join(tmpdir(), "keel-cron-test-"));
  writeFileSync(join(dir, "extra"), "0 3 * * * backup /usr/local/bin/backup");
  const { config } = evaluateWith({
    config: { services: { cron: { mailto: "ops@example.com", systemCronJobs: ["*/5 * * * *  root  date >> /tmp/cronout", "@daily nobody true"], cronFiles: [join(dir, "extra")] } } },
  });
  assert.equal(config.services.cron.enable, true);
  const crontab = config.environment.etc.crontab;
  assert.equal(crontab.mode, "0600", "cron ignores a crontab others can write");
  const lines: string[] = crontab.text.split("\n");
  assert.match(lines[0] ?? "", /^SHELL=\S+-bash-[^/]+\/bin\/bash$/);
  assert.deepEqual(lines.slice(1), [
    "PATH=/run/wrappers/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    'MAILTO="ops@example.com"',
    "*/5 * * * *  root  date >> /tmp/cronout",
    "@daily nobody true",
    "0 3 * * * backup /usr/local/bin/backup",
    "",
  ]);
  for (const line of lines) assert.equal(crontabLineProblem(line), null, line);
});

test("no MAILTO line unless mailto is set; an explicit enable with nothing to run gives an empty crontab", () => {
  const jobs = evaluateWith({ config: { services: { cron: { systemCronJobs: ["@hourly root true"] } } } }).config;
  assert.doesNotMatch(jobs.environment.etc.crontab.text, /MAILTO/);
  const empty = evaluateWith({ config: { services: { cron: { enable: true } } } }).config;
  assert.equal(empty.environment.etc.crontab.text, "");
});

test("the daemon is Debian's packaged cron.service, wanted by multi-user.target", () => {
  const { config } = evaluateWith({ config: { services: { cron: { enable: true } } } });
  const unit = config.systemd.units["cron.service"];
  assert.deepEqual(unit.wantedBy, ["multi-user.target"]);
  assert.equal(unit.overrideStrategy, "asDropinIfExists", "a drop-in over the cron package's own unit");
  assert.ok(config.environment.systemPackages.some((p: { debName?: string }) => p.debName === "cron"));
});

test("crontab is setgid crontab as Debian installs it, and the spool is made by tmpfiles", () => {
  const { config } = evaluateWith({ config: { services: { cron: { enable: true } } } });
  const wrapper = config.security.wrappers.crontab;
  assert.match(wrapper.source, /-cron-[^/]+\/usr\/bin\/crontab$/);
  assert.equal(wrapper.group, "crontab");
  assert.equal(wrapper.setgid, true);
  assert.equal(wrapper.setuid, false);
  assert.ok("crontab" in config.users.groups);
  assert.deepEqual(
    config.systemd.tmpfiles.rules.filter((r: string) => r.includes("/var/spool/cron")),
    ["d /var/spool/cron 0755 root root -", "d /var/spool/cron/crontabs 1730 root crontab -"],
  );
});

test("a malformed job or an unreadable cronFile fails the evaluation, naming the option", () => {
  const bad = evaluateWith({ config: { services: { cron: { systemCronJobs: ["* * * root true", "61x * * * * root true", "@sometimes root true"], cronFiles: ["/nonexistent/crontab"] } } } });
  const message = failedAssertions(bad);
  assert.match(message, /services\.cron\.systemCronJobs\[0\] \("\* \* \* root true"\): expected the schedule, a user name and a command/);
  assert.match(message, /systemCronJobs\[1\].*bad time field "61x"/);
  assert.match(message, /systemCronJobs\[2\].*unknown schedule @sometimes/);
  assert.match(message, /services\.cron\.cronFiles: cannot read \/nonexistent\/crontab/);
});

test("crontab(5) lines: ranges, lists, steps and names are accepted; environment lines and comments too", () => {
  for (const ok of ["0-59/15 1,2,3 * jan-mar mon-fri root true", "# comment", "MAILTO=root", "@reboot root true"]) assert.equal(crontabLineProblem(ok), null, ok);
  assert.match(crontabLineProblem("* * * * * root") ?? "", /expected/);
  assert.match(crontabLineProblem("* * * root foo bar baz") ?? "", /bad time field "root"/);
});
