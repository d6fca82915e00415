import { activationCommand } from "./switch-shared.ts";

/** `rebuild dry-activate --host NAME [--json]`: what a switch would stop, restart, reload, start and change. */
export const dryActivateCommand = activationCommand("dry-activate", "Show what switching to a host's system would do (units, /etc, accounts, reboot); change nothing");
