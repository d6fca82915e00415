import type { CommandModule } from "yargs";
import { formatPathInfoLines, type PathInfo, pathInfoJson, resolveUserPath } from "../../store/index.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";
import { storeFromFlags } from "./store-open.ts";

/** `rebuild store path-info [-r] [--size] [-S] PATH...`, as `nix path-info`. */
export const storePathInfoCommand: CommandModule<object, Record<string, unknown>> = {
  command: "path-info <paths..>",
  describe: "Show store paths (or ./result links) with their sizes; -r for their whole closure",
  builder: (yargs) =>
    yargs
      .options(pickFlags("recursive", "size", "closure-size", "store-dir", "state-dir", "json"))
      .positional("paths", { type: "string", array: true, describe: "Store paths or links into the store" })
      .example("$0 store path-info -r --size ./result", "every path in the closure of ./result with its size"),
  handler: (argv) =>
    runCommand(async () => {
      const store = storeFromFlags(argv);
      const roots = (argv.paths as string[]).map((p) => resolveUserPath(store, String(p)));
      const paths = argv.recursive === true ? store.closure(roots) : roots;
      const infos = paths.map((p) => store.queryPathInfo(p)).filter((i): i is PathInfo => i !== undefined);
      const closureSizes =
        argv["closure-size"] === true
          ? new Map(infos.map((i) => [i.path, store.closure([i.path]).reduce((n, p) => n + (store.queryPathInfo(p)?.narSize ?? 0), 0)]))
          : undefined;
      if (argv.json === true) {
        const rows = infos.map((i) => ({ ...pathInfoJson(i), ...(closureSizes ? { closureSize: closureSizes.get(i.path) } : {}) }));
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      process.stdout.write(formatPathInfoLines(infos, { size: argv.size === true, ...(closureSizes ? { closureSizes } : {}) }));
    }),
};
