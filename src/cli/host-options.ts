import { UsageError } from "../errors.ts";
import type { HostContextOptions } from "../system/host-context.ts";

/**
 * The parsed flags every host command shares (`--host`, `--repo`, the store, state, mirror and
 * cache locations), as the library's options. `what` finishes the usage message: "Name the host
 * to <what>: --host NAME."
 */
export function hostContextOptions(argv: Record<string, unknown>, what: string): HostContextOptions {
  if (typeof argv.host !== "string" || argv.host === "") throw new UsageError(`Name the host to ${what}: --host NAME.`);
  return {
    repoDir: typeof argv.repo === "string" ? argv.repo : process.cwd(),
    host: argv.host,
    storeDir: argv["store-dir"] as string | undefined,
    stateDir: argv["state-dir"] as string | undefined,
    mirror: argv.mirror as string | undefined,
    cacheDir: argv["cache-dir"] as string | undefined,
  };
}

/** `--out-link PATH` (default ./result) or `--no-out-link` (null). */
export function outLinkOption(argv: Record<string, unknown>): string | null {
  return argv["out-link"] === false ? null : String(argv["out-link"] ?? "result");
}
