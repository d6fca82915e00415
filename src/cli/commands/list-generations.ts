import type { CommandModule } from "yargs";
import { describeGenerations, systemProfilePath } from "../../activation/index.ts";
import { resolveStateDir } from "../../store/index.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";

const options = pickFlags("json", "state-dir", "root");

/** `rebuild list-generations [--json]`: nixos-rebuild's table, newest first. */
export const listGenerationsCommand: CommandModule<object, Record<string, unknown>> = {
  command: "list-generations",
  describe: "List the system profile's generations (date, Keel version, kernel, specialisations, current)",
  builder: (yargs) => yargs.options(options),
  handler: (argv) =>
    runCommand(async () => {
      const stateDir = `${typeof argv.root === "string" ? argv.root : ""}${resolveStateDir(argv["state-dir"] as string | undefined)}`;
      const gens = describeGenerations(systemProfilePath(stateDir));
      if (argv.json === true) {
        process.stdout.write(`${JSON.stringify(gens, null, 2)}\n`);
        return;
      }
      const rows = [
        ["Generation", "Build-date", "Keel version", "Kernel", "Specialisation", "Current"],
        ...gens.map((g) => [String(g.generation), g.date, g.keelVersion, g.kernelVersion, g.specialisations.join(" ") || "*", g.current ? "True" : "False"]),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()}\n`);
    }),
};
