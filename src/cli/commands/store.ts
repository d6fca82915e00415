import type { CommandModule } from "yargs";
import { storePathInfoCommand } from "./store-path-info.ts";
import { storeVerifyCommand } from "./store-verify.ts";
import { storeWhyDependsCommand } from "./store-why-depends.ts";

/** `rebuild store <verify|path-info|why-depends>`: inspect the store. */
export const storeCommand: CommandModule<object, Record<string, unknown>> = {
  command: "store <command>",
  describe: "Inspect the store: verify contents, show path info, explain dependencies",
  builder: (yargs) =>
    yargs
      .command(storeVerifyCommand)
      .command(storePathInfoCommand)
      .command(storeWhyDependsCommand)
      .demandCommand(1, "Name a store command: verify, path-info or why-depends."),
  handler: () => {},
};
