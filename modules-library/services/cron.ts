import { readFileSync } from "node:fs";
import { defineModule, mkDefault, mkIf, mkOption, types } from "../../src/modules/index.ts";
import { crontabLineProblem, systemCrontabText } from "./crontab-text.ts";

/**
 * services.cron (nixos/modules/services/scheduling/cron.nix) with Debian's vixie cron.
 * /etc/crontab is NixOS's: SHELL, PATH, MAILTO, systemCronJobs, then the cronFiles, a real file
 * with mode 0600 (cron ignores a crontab others can write). It replaces Debian's, whose run-parts
 * lines for /etc/cron.{hourly,daily,...} are left out as in NixOS: Debian's packages schedule
 * that work with systemd timers too, and their cron.daily scripts skip themselves under systemd.
 * /etc/cron.d and /etc/default/cron come from cron-daemon-common and cron as shipped.
 * The daemon is Debian's packaged cron.service (`cron -f`), linked into multi-user.target.
 * `crontab` is a setgid-crontab wrapper as Debian installs it, writing to /var/spool/cron/crontabs
 * (mode 1730, group crontab, made by tmpfiles); without /etc/cron.allow and /etc/cron.deny every
 * user may have a crontab, the same default NixOS gets from its empty cron.deny.
 */
export default defineModule({
  options: {
    services: {
      cron: {
        enable: mkOption({
          type: types.bool,
          description: "Whether to run the cron daemon. On by default when systemCronJobs or cronFiles has entries.",
        }),
        mailto: mkOption({ type: types.nullOr(types.str), default: null, description: "Email address to which job output is mailed (MAILTO); null leaves cron's default, the job's owner." }),
        systemCronJobs: mkOption({
          type: types.listOf(types.str),
          default: [],
          example: ["* * * * *  test   ls -l / > /tmp/cronout 2>&1", "* * * * *  eelco  echo Hello World > /home/eelco/cronout"],
          description:
            "Jobs of the system-wide crontab, in crontab(5)'s system format: five time fields (or an @nickname such as `@daily`), the user to run as, the command. A malformed line fails the evaluation rather than being skipped by cron.",
        }),
        cronFiles: mkOption({
          type: types.listOf(types.path),
          default: [],
          description: "Crontab files (system format) appended to /etc/crontab; read when the configuration is evaluated.",
        }),
      },
    },
  },
  config: ({ config, pkgs }) => {
    const cfg = config.services.cron;
    const files = () => (cfg.cronFiles as string[]).map((path) => readCronFile(String(path)));
    const text = () =>
      [
        ...(cfg.systemCronJobs.length > 0
          ? [systemCrontabText({ shell: pkgs.bash.bin("bash"), path: "/run/wrappers/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", mailto: cfg.mailto, jobs: cfg.systemCronJobs })]
          : []),
        ...files().map((f) => ("text" in f ? (f.text.endsWith("\n") || f.text === "" ? f.text : `${f.text}\n`) : "")),
      ].join("");
    return {
      // Two literals: the option's type is the union of true and false, not boolean.
      services: { cron: { enable: cfg.systemCronJobs.length > 0 || cfg.cronFiles.length > 0 ? mkDefault(true as const) : mkDefault(false as const) } },
      environment: mkIf(cfg.enable, {
        systemPackages: [pkgs.cron],
        etc: {
          crontab: {
            get text() {
              return text();
            },
            mode: "0600",
          },
        },
      }),
      security: { wrappers: { crontab: mkIf(cfg.enable, { source: pkgs.cron.bin("crontab"), owner: "root", group: "crontab", setgid: true }) } },
      users: { groups: { crontab: mkIf(cfg.enable, {}) } },
      systemd: {
        services: { cron: mkIf(cfg.enable, { wantedBy: ["multi-user.target"] }) },
        tmpfiles: { rules: mkIf(cfg.enable, ["d /var/spool/cron 0755 root root -", "d /var/spool/cron/crontabs 1730 root crontab -"]) },
      },
      get assertions() {
        if (!cfg.enable) return [];
        return [
          ...(cfg.systemCronJobs as string[]).flatMap((line, i) => {
            const problem = crontabLineProblem(line);
            return problem === null ? [] : [{ assertion: false, message: `services.cron.systemCronJobs[${i}] (${JSON.stringify(line)}): ${problem}. See crontab(5).` }];
          }),
          ...files().flatMap((f) => ("error" in f ? [{ assertion: false, message: f.error }] : [])),
        ];
      },
    };
  },
});

function readCronFile(path: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(path, "utf8") };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: `services.cron.cronFiles: cannot read ${path} (${reason}). Point it at an existing crontab file.` };
  }
}
