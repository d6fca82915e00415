import type { CommandModule } from "yargs";
import { rebuild } from "../../activation/index.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";

const options = pickFlags("state-dir", "store-dir", "repo");

/** `rebuild rollback`: the same as `rebuild switch --rollback`. */
export const rollbackCommand: CommandModule<object, Record<string, unknown>> = {
  command: "rollback",
  describe: "Move the system profile back one generation and activate it (rebuild switch --rollback)",
  builder: (yargs) => yargs.options(options),
  handler: (argv) =>
    runCommand(async () =>
      (
        await rebuild({
          action: "switch",
          rollback: true,
          repoDir: typeof argv.repo === "string" ? argv.repo : process.cwd(),
          storeDir: argv["store-dir"] as string | undefined,
          stateDir: argv["state-dir"] as string | undefined,
        })
      ).exitCode,
    ),
};
