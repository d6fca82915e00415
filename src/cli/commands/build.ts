import type { CommandModule } from "yargs";
import { buildHost } from "../../system/build-host.ts";
import { pickFlags } from "../flags.ts";
import { hostContextOptions, outLinkOption } from "../host-options.ts";
import { runCommand } from "../run-command.ts";
import { realiseReporter } from "./realise-reporter.ts";

const options = pickFlags("host", "dry-run", "out-link", "jobs", "json", "store-dir", "state-dir", "mirror", "cache-dir", "repo");

/** `rebuild build --host NAME`: builds the host's toplevel and links it as ./result. */
export const buildCommand: CommandModule<object, Record<string, unknown>> = {
  command: "build",
  describe: "Build a host's system (its toplevel) and link it as ./result",
  builder: (yargs) =>
    yargs
      .options(options)
      .example("$0 build --host demo", "build hosts/demo and link ./result")
      .example("$0 build --host demo --dry-run", "list what would be built or downloaded"),
  handler: (argv) =>
    runCommand(async () => {
      const reporter = realiseReporter(process.stderr);
      const result = await buildHost({
        ...hostContextOptions(argv, "build"),
        outLink: outLinkOption(argv),
        dryRun: argv["dry-run"] === true,
        jobs: typeof argv.jobs === "number" ? argv.jobs : undefined,
        progress: !argv.json,
        onEvent: reporter.onEvent,
      });
      for (const warning of result.warnings) process.stderr.write(`evaluation warning: ${warning}\n`);
      if (result.plan) {
        const { toBuild, toFetch } = result.plan;
        if (argv.json) {
          process.stdout.write(`${JSON.stringify({ toplevel: result.toplevel, toBuild: toBuild.map((d) => d.outPath), toFetch: toFetch.map((d) => d.outPath) }, null, 2)}\n`);
        } else {
          process.stdout.write(`these ${toBuild.length} derivations will be built:\n${toBuild.map((d) => `  ${d.outPath}\n`).join("")}`);
          process.stdout.write(`these ${toFetch.length} paths will be fetched:\n${toFetch.map((d) => `  ${d.outPath}\n`).join("")}`);
        }
        return;
      }
      reporter.finish();
      process.stdout.write(argv.json ? `${JSON.stringify({ toplevel: result.toplevel })}\n` : `${result.toplevel}\n`);
    }),
};
