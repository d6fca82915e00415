import type { CommandModule } from "yargs";
import { filesMentioning, formatWhyDepends, resolveUserPath } from "../../store/index.ts";
import { ExitCode } from "../exit-codes.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";
import { storeFromFlags } from "./store-open.ts";

/** `rebuild store why-depends A B [--all]`, as `nix why-depends`. */
export const storeWhyDependsCommand: CommandModule<object, Record<string, unknown>> = {
  command: "why-depends <package> <dependency>",
  describe: "Show why a store path's closure contains another path (the chain of references)",
  builder: (yargs) =>
    yargs
      .options(pickFlags("all", "store-dir", "state-dir", "json"))
      .positional("package", { type: "string", describe: "The path whose closure is examined" })
      .positional("dependency", { type: "string", describe: "The path it is said to depend on" }),
  handler: (argv) =>
    runCommand(async () => {
      const store = storeFromFlags(argv);
      const a = resolveUserPath(store, String(argv.package));
      const b = resolveUserPath(store, String(argv.dependency));
      const chains = store.whyDepends(a, b, { all: argv.all === true });
      if (argv.json === true) {
        process.stdout.write(`${JSON.stringify(chains, null, 2)}\n`);
        return chains.length ? ExitCode.ok : ExitCode.failure;
      }
      if (!chains.length) {
        process.stderr.write(`'${a}' does not depend on '${b}'\n`);
        return ExitCode.failure;
      }
      process.stdout.write(formatWhyDepends(chains, (from, to) => filesMentioning(store, from, to)));
    }),
};
