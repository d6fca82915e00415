import { spawnSync } from "node:child_process";
import type { CommandModule } from "yargs";
import { UsageError } from "../../errors.ts";
import { buildVm, parseForward } from "../../vm/index.ts";
import { pickFlags } from "../flags.ts";
import { hostContextOptions, outLinkOption } from "../host-options.ts";
import { runCommand } from "../run-command.ts";
import { realiseReporter } from "./realise-reporter.ts";

const options = pickFlags("host", "forward", "memory", "cores", "disk-size", "store-image", "run", "out-link", "jobs", "store-dir", "state-dir", "mirror", "cache-dir", "repo");

const positive = (name: string, v: unknown): number => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new UsageError(`--${name} must be a whole number above 0 (got ${String(v)}).`);
  return v;
};

/** `rebuild build-vm --host NAME [--run]`: a QEMU VM of the host, as ./result/bin/run-NAME-vm. */
export const buildVmCommand = makeBuildVmCommand(false);

/** The command for build-vm (-kernel, store over 9p) or build-vm-with-bootloader (OVMF, systemd-boot, store in the disk). */
export function makeBuildVmCommand(bootloader: boolean): CommandModule<object, Record<string, unknown>> {
  const name = bootloader ? "build-vm-with-bootloader" : "build-vm";
  return {
    command: name,
    describe: bootloader
      ? "Build a QEMU VM of a host that boots through UEFI (OVMF) and systemd-boot from a disk image (./result/bin/run-NAME-vm)"
      : "Build a QEMU VM of a host (./result/bin/run-NAME-vm); --run starts it",
    builder: (yargs) =>
      yargs
        .options(options)
        .example(`$0 ${name} --host demo --forward 2222:22`, "build ./result/bin/run-demo-vm with ssh on localhost:2222")
        .example(`$0 ${name} --host demo --run`, "build it and boot it here (serial console; Ctrl-a x quits)"),
    handler: (argv) =>
      runCommand(async () => {
        if (bootloader && argv["store-image"] === true) throw new UsageError("--store-image is for build-vm: build-vm-with-bootloader already boots with the closure inside its disk image.");
        const forwards = ((argv.forward as string[] | undefined) ?? []).map(parseForward);
        const reporter = realiseReporter(process.stderr);
        const built = await buildVm({
          ...hostContextOptions(argv, "build a VM of"),
          outLink: outLinkOption(argv),
          jobs: typeof argv.jobs === "number" ? argv.jobs : undefined,
          memoryMiB: positive("memory", argv.memory),
          cores: positive("cores", argv.cores),
          diskSizeMiB: positive("disk-size", argv["disk-size"]),
          forwards,
          bootloader,
          storeImage: argv["store-image"] === true,
          progress: true,
          onEvent: reporter.onEvent,
        });
        reporter.finish();
        for (const warning of built.warnings) process.stderr.write(`evaluation warning: ${warning}\n`);
        if (!argv.run) {
          process.stdout.write(`${built.runScript}\n`);
          const link = String(argv["out-link"] ?? "result");
          const shown = argv["out-link"] === false ? built.runScript : `${link.startsWith("/") ? link : `./${link}`}/bin/run-${argv.host}-vm`;
          process.stderr.write(`Run it with: ${shown}\n`);
          return;
        }
        // The VM owns the terminal until it powers off; its exit status is the command's.
        const vm = spawnSync(built.runScript, [], { stdio: "inherit" });
        return vm.status ?? 1;
      }),
  };
}
