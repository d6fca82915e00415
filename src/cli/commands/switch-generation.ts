import type { CommandModule } from "yargs";
import { switchToGeneration } from "../../activation/index.ts";
import { UsageError } from "../../errors.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";

const options = pickFlags("state-dir", "root");

/** `rebuild switch-generation N`: make generation N current and activate it. */
export const switchGenerationCommand: CommandModule<object, Record<string, unknown>> = {
  command: "switch-generation <number>",
  describe: "Make generation N the current one and activate it (with its own switch-to-configuration)",
  builder: (yargs) => yargs.positional("number", { type: "number", describe: "The generation number (see list-generations)" }).options(options),
  handler: (argv) =>
    runCommand(async () => {
      const n = Number(argv.number);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`switch-generation: "${String(argv.number)}" is not a generation number.`);
      return switchToGeneration({
        number: n,
        ...(typeof argv["state-dir"] === "string" ? { stateDir: argv["state-dir"] } : {}),
        ...(typeof argv.root === "string" ? { root: argv.root } : {}),
      }).exitCode;
    }),
};
