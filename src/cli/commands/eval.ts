import type { CommandModule } from "yargs";
import { configValueAt, parseOptionPath, renderValue } from "../../modules/index.ts";
import { openHostContext } from "../../system/host-context.ts";
import { pickFlags } from "../flags.ts";
import { hostContextOptions } from "../host-options.ts";
import { runCommand } from "../run-command.ts";

const options = pickFlags("host", "json", "repo", "store-dir", "state-dir", "mirror", "cache-dir");

/** `rebuild eval --host NAME [--json] [OPTION.PATH]`: prints configuration values. */
export const evalCommand: CommandModule<object, Record<string, unknown>> = {
  command: "eval [path]",
  describe: "Evaluate a host's configuration and print a value (the whole config without a path)",
  builder: (yargs) =>
    yargs
      .options(options)
      .positional("path", { type: "string", describe: "Option path, e.g. services.openssh.ports" })
      .example("$0 eval --host demo networking.hostName", "print one option's value")
      .example("$0 eval --host demo --json services", "print a subtree as JSON"),
  handler: (argv) =>
    runCommand(async () => {
      const { evaluated } = await openHostContext(hostContextOptions(argv, "evaluate"));
      const path = typeof argv.path === "string" && argv.path !== "" ? parseOptionPath(argv.path) : [];
      const value = configValueAt(evaluated, path);
      process.stdout.write(`${renderValue(value, argv.json === true, path)}\n`);
    }),
};
