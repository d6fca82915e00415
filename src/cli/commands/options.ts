import type { CommandModule } from "yargs";
import {
  GENERATED_TYPES_PATH,
  formatOptionDocs,
  loadOptionDocs,
  renderOptionsMarkdown,
  searchOptionDocs,
  writeOptionTypes,
} from "../../modules/index.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";

const options = pickFlags("json", "markdown", "dts", "host", "repo");

/** `rebuild options [QUERY] [--json | --markdown | --dts]`: searches the declared options. */
export const optionsCommand: CommandModule<object, Record<string, unknown>> = {
  command: "options [query..]",
  describe: "Search the declared options (name, type, default, description, declared in)",
  builder: (yargs) =>
    yargs
      .options(options)
      .positional("query", { type: "string", array: true, describe: "Words to find in option names or descriptions" })
      .example("$0 options openssh", "options about OpenSSH")
      .example("$0 options --markdown > options.md", "the whole manual")
      .example("$0 options --dts", "regenerate the option types hosts are checked against"),
  handler: (argv) =>
    runCommand(async () => {
      const repoDir = typeof argv.repo === "string" ? argv.repo : process.cwd();
      if (argv.dts === true) {
        const changed = await writeOptionTypes(repoDir);
        process.stdout.write(`${GENERATED_TYPES_PATH}: ${changed ? "updated" : "up to date"}\n`);
        return;
      }
      const all = await loadOptionDocs(repoDir, typeof argv.host === "string" ? argv.host : undefined);
      const query = ((argv.query as string[] | undefined) ?? []).join(" ");
      const docs = query === "" ? all : searchOptionDocs(all, query);
      if (argv.json === true) process.stdout.write(`${JSON.stringify(docs, null, 2)}\n`);
      else if (argv.markdown === true) process.stdout.write(renderOptionsMarkdown(docs));
      else process.stdout.write(formatOptionDocs(docs));
      return docs.length === 0 && query !== "" ? 1 : 0;
    }),
};
