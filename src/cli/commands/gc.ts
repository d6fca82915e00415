import type { CommandModule } from "yargs";
import { formatGcReport } from "../../store/index.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";
import { storeFromFlags } from "./store-open.ts";

/** `rebuild gc [--dry-run] [--delete-older-than 30d]`, as `nix-collect-garbage`. */
export const gcCommand: CommandModule<object, Record<string, unknown>> = {
  command: "gc",
  describe: "Delete store paths no GC root reaches (profiles, /run/current-system, result links, gcroots/)",
  builder: (yargs) =>
    yargs
      .options(pickFlags("dry-run", "delete-older-than", "store-dir", "state-dir", "json"))
      .example("$0 gc --dry-run", "list what would be deleted")
      .example("$0 gc --delete-older-than 30d", "drop generations older than 30 days, then collect"),
  handler: (argv) =>
    runCommand(async () => {
      const report = await storeFromFlags(argv).gc({
        dryRun: argv["dry-run"] === true,
        ...(typeof argv["delete-older-than"] === "string" ? { deleteOlderThan: argv["delete-older-than"] } : {}),
      });
      process.stdout.write(argv.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatGcReport(report));
    }),
};
