import type { CommandModule } from "yargs";
import { formatVerifyReport } from "../../store/index.ts";
import { ExitCode } from "../exit-codes.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";
import { storeFromFlags } from "./store-open.ts";

/** `rebuild store verify`: re-hash every registered path; exits 1 when any is modified or missing. */
export const storeVerifyCommand: CommandModule<object, Record<string, unknown>> = {
  command: "verify",
  describe: "Re-hash every store path and report those whose contents changed",
  builder: (yargs) => yargs.options(pickFlags("store-dir", "state-dir", "json")),
  handler: (argv) =>
    runCommand(async () => {
      const report = await storeFromFlags(argv).verify();
      process.stdout.write(argv.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report));
      return report.ok ? ExitCode.ok : ExitCode.failure;
    }),
};
