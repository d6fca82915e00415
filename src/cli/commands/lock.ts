import type { CommandModule } from "yargs";
import { createProgressDisplay, formatBytes, lockPackages } from "../../packages/index.ts";
import { pickFlags } from "../flags.ts";
import { runCommand } from "../run-command.ts";

const options = pickFlags("update", "essential", "mirror", "cache-dir", "repo", "json");

/** `rebuild lock [--update] [--essential] [PKG...]`: resolve Debian packages into keel.lock. */
export const lockCommand: CommandModule<object, Record<string, unknown>> = {
  command: "lock [packages..]",
  describe: "Resolve Debian bookworm packages (and their dependencies) into keel.lock",
  builder: (yargs) =>
    yargs
      .options(options)
      .positional("packages", { type: "string", array: true, describe: "Packages to add to the lock's roots" })
      .example("$0 lock htop git", "add htop and git (and what they need) at the pinned archive state")
      .example("$0 lock --update", "re-resolve every root against the archive's current state")
      .example("$0 lock --essential", "also lock every Essential: yes package"),
  handler: (argv) =>
    runCommand(async () => {
      const names = ((argv.packages as string[] | undefined) ?? []).map(String);
      const repoDir = (argv.repo as string | undefined) ?? process.cwd();
      const lock = await lockPackages({
        repoDir,
        names,
        update: argv.update === true,
        ...(typeof argv.essential === "boolean" ? { essential: argv.essential } : {}),
        ...(typeof argv.mirror === "string" ? { mirror: argv.mirror } : {}),
        ...(typeof argv["cache-dir"] === "string" ? { cacheDir: argv["cache-dir"] } : {}),
        onProgress: createProgressDisplay({ label: "reading .debs" }),
      });
      const packages = Object.values(lock.packages);
      if (argv.json === true) {
        process.stdout.write(`${JSON.stringify({ packages: packages.length, roots: lock.roots, suites: lock.suites }, null, 2)}\n`);
        return;
      }
      const bytes = packages.reduce((n, p) => n + p.size, 0);
      process.stdout.write(
        `keel.lock: ${packages.length} packages (${formatBytes(bytes)} of .debs) for ${lock.roots.length} roots` +
          `${lock.essential ? " + the Essential set" : ""}; archive state ${Object.entries(lock.suites)
            .map(([suite, s]) => `${suite} ${s.date}`)
            .join(", ")}\n`,
      );
    }),
};
