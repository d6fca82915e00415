import "./tier-up-budget.mjs";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { commands } from "./commands/index.ts";

const cli = yargs(hideBin(process.argv))
  .scriptName("rebuild")
  .usage("$0 <command> [options]\n\nBuild, activate and inspect Keel systems.")
  .strict()
  .demandCommand(1, "Name a command; `rebuild --help` lists them.")
  .recommendCommands()
  .help()
  .wrap(Math.min(110, process.stdout.columns ?? 100));
for (const command of commands) cli.command(command);
// Commands set process.exitCode through runCommand; yargs only reports parse errors itself.
cli.fail((message, error) => {
  if (error) throw error;
  process.stderr.write(`error: ${message}\nRun \`rebuild --help\` for usage.\n`);
  process.exitCode = 1;
});
await cli.parseAsync();
