import type { CommandModule } from "yargs";
import { deleteGenerations, systemProfilePath } from "../../activation/index.ts";
import { resolveStateDir } from "../../store/index.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";

const options = pickFlags("state-dir", "root", "dry-run", "json");

/** `rebuild delete-generations old|N|N..M|+N|30d ...`: drop generation links (run `rebuild gc` to free space). */
export const deleteGenerationsCommand: CommandModule<object, Record<string, unknown>> = {
  command: "delete-generations <which..>",
  describe: "Delete system generations: old, numbers, ranges (3..5, 3..), +N (keep newest N) or an age (30d); never the current one",
  builder: (yargs) =>
    yargs
      .positional("which", { type: "string", array: true, describe: "Which generations" })
      .options(options)
      .example("$0 delete-generations old", "keep only the current generation")
      .example("$0 delete-generations 30d", "delete generations older than 30 days"),
  handler: (argv) =>
    runCommand(async () => {
      const stateDir = `${typeof argv.root === "string" ? argv.root : ""}${resolveStateDir(argv["state-dir"] as string | undefined)}`;
      const selectors = ((argv.which as unknown[]) ?? []).map(String);
      const deleted = deleteGenerations(systemProfilePath(stateDir), selectors, { dryRun: argv["dry-run"] === true });
      if (argv.json === true) process.stdout.write(`${JSON.stringify(deleted.map((g) => g.number))}\n`);
      else for (const g of deleted) process.stdout.write(`${argv["dry-run"] ? "would remove" : "removing"} generation ${g.number}\n`);
    }),
};
