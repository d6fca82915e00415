import { type ActivatorLaunch, renderActivatorStart } from "./activator-launch.ts";

/**
 * `<toplevel>/bin/switch-to-configuration`: the bundled activator in switch mode, under the
 * generation's own Node.js, so each generation is switched to by its own code (and a rollback runs
 * the old generation's). `self` is the toplevel's path placeholder, filled in by its builder.
 */
export function switchToConfigurationScript(opts: Omit<ActivatorLaunch, "args" | "v8Flags"> & { self: string }): string {
  return `#!${opts.busybox}/bin/busybox sh
${renderActivatorStart({ ...opts, args: `--switch-to-configuration ${opts.self} "$@"` })}`;
}
