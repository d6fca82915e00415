/**
 * `<toplevel>/bin/switch-to-configuration`: the bundled activator in switch mode, under the
 * generation's own Node.js, so each generation is switched to by its own code (and a rollback runs
 * the old generation's). `self` is the toplevel's path placeholder, filled in by its builder.
 */
export function switchToConfigurationScript(opts: { busybox: string; nodeCommand: string; activator: string; self: string }): string {
  return `#!${opts.busybox}/bin/busybox sh
exec ${opts.nodeCommand} ${opts.activator} --switch-to-configuration ${opts.self} "$@"
`;
}
