import type { CommandModule } from "yargs";
import { rebuild, type SwitchAction } from "../../activation/index.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";
import { realiseReporter } from "./realise-reporter.ts";

const options = pickFlags("host", "rollback", "specialisation", "root", "json", "jobs", "store-dir", "state-dir", "mirror", "cache-dir", "repo");

/** switch, test, boot and dry-activate differ only in the action they hand the new generation. */
export function activationCommand(action: SwitchAction, describe: string): CommandModule<object, Record<string, unknown>> {
  return {
    command: action,
    describe,
    builder: (yargs) =>
      yargs
        .options(options)
        .example(`$0 ${action} --host demo`, `build hosts/demo and ${action === "dry-activate" ? "show what switching to it would do" : action} it`)
        .example(`$0 ${action} --rollback`, "use the previous generation instead"),
    handler: (argv) =>
      runCommand(async () => {
        const reporter = realiseReporter(process.stderr);
        const result = await rebuild({
          action,
          ...(typeof argv.host === "string" ? { host: argv.host } : {}),
          repoDir: typeof argv.repo === "string" ? argv.repo : process.cwd(),
          storeDir: argv["store-dir"] as string | undefined,
          stateDir: argv["state-dir"] as string | undefined,
          mirror: argv.mirror as string | undefined,
          cacheDir: argv["cache-dir"] as string | undefined,
          rollback: argv.rollback === true,
          ...(typeof argv.specialisation === "string" ? { specialisation: argv.specialisation } : {}),
          ...(typeof argv.root === "string" ? { root: argv.root } : {}),
          json: argv.json === true,
          jobs: typeof argv.jobs === "number" ? argv.jobs : undefined,
          onEvent: reporter.onEvent,
          progress: argv.json !== true,
        });
        reporter.finish();
        // switch-to-configuration's code is the command's: 0, 2, 4 or 100 keep their meaning.
        return result.exitCode;
      }),
  };
}
