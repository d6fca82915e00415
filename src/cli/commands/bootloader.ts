import type { CommandModule } from "yargs";
import { DEFAULT_LOADER_OPTIONS, type InstallBootLoaderReport, installBootLoader, type LoaderOptions, loaderOptionsFromConfig } from "../../bootloader/index.ts";
import { UsageError } from "../../errors.ts";
import { resolveStateDir, resolveStoreDir } from "../../store/index.ts";
import { openHostContext } from "../../system/host-context.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";

const options = pickFlags("esp", "host", "root-param", "machine-id", "dry-run", "json", "store-dir", "state-dir", "repo");

async function loaderSettings(argv: Record<string, unknown>): Promise<{ options: LoaderOptions; esp: string }> {
  if (typeof argv.host !== "string") return { options: DEFAULT_LOADER_OPTIONS, esp: typeof argv.esp === "string" ? argv.esp : "/boot" };
  const context = await openHostContext({
    repoDir: typeof argv.repo === "string" ? argv.repo : process.cwd(),
    host: argv.host,
    ...(typeof argv["store-dir"] === "string" ? { storeDir: argv["store-dir"] } : {}),
    ...(typeof argv["state-dir"] === "string" ? { stateDir: argv["state-dir"] } : {}),
  });
  const loader = context.evaluated.config.boot.loader;
  return { options: loaderOptionsFromConfig(loader), esp: typeof argv.esp === "string" ? argv.esp : loader.efi.efiSysMountPoint };
}

function describeReport(r: InstallBootLoaderReport, dryRun: boolean): string {
  if (dryRun) return r.plan.entries.map((e) => `would write loader/entries/${e.id}.conf\n`).join("") + `default ${r.defaultPattern}\n`;
  const lines = [
    ...(r.bootctl?.action === "installed" ? [`installed systemd-boot ${r.bootctl.to ?? ""}`] : []),
    ...(r.bootctl?.action === "updated" ? [`updating systemd-boot from ${r.bootctl.from} to ${r.bootctl.to}`] : []),
    ...r.copied.map((f) => `copied ${f}`),
    ...r.written.map((f) => `wrote ${f}`),
    ...r.removed.map((f) => `removed ${f}`),
    `${r.entries.length} boot entries; default ${r.defaultPattern}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** `rebuild bootloader install|update`: systemd-boot entries for every generation of the system profile. */
export const bootloaderCommand: CommandModule<object, Record<string, unknown>> = {
  command: "bootloader <action>",
  describe: "Write systemd-boot entries for every system generation (install: also put systemd-boot on the ESP)",
  builder: (yargs) =>
    yargs
      .positional("action", { choices: ["install", "update"] as const, describe: "install: bootctl install first; update: update systemd-boot if bootctl has a newer one" })
      .options(options)
      .example("$0 bootloader install --esp /boot --host demo", "install systemd-boot and the entries with the host's boot.loader options")
      .example("$0 bootloader update --esp /boot --root-param root=/dev/vda2", "rewrite entries after generations changed"),
  handler: (argv) =>
    runCommand(async () => {
      const action = argv.action;
      if (action !== "install" && action !== "update") throw new UsageError("bootloader: the action is install or update.");
      const { options: loaderOptions, esp } = await loaderSettings(argv);
      const report = installBootLoader({
        esp,
        stateDir: resolveStateDir(argv["state-dir"] as string | undefined),
        storeDir: resolveStoreDir(argv["store-dir"] as string | undefined),
        options: loaderOptions,
        install: action === "install",
        rootParams: ((argv["root-param"] as string[] | undefined) ?? []).map(String),
        ...(typeof argv["machine-id"] === "string" ? { machineId: argv["machine-id"] } : {}),
        dryRun: argv["dry-run"] === true,
      });
      for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
      if (argv.json === true) {
        const { plan, ...rest } = report;
        process.stdout.write(`${JSON.stringify({ ...rest, loaderConf: plan.loaderConf }, null, 2)}\n`);
      } else {
        process.stdout.write(describeReport(report, argv["dry-run"] === true));
      }
    }),
};
