import { activationCommand } from "./switch-shared.ts";

/** `rebuild test --host NAME`: activate now without a new generation (a reboot goes back). */
export const testCommand = activationCommand("test", "Build and activate a host's system now, without making it the boot default");
