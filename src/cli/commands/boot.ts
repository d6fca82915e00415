import { activationCommand } from "./switch-shared.ts";

/** `rebuild boot --host NAME`: the new generation becomes the boot default; nothing changes until reboot. */
export const bootCommand = activationCommand("boot", "Build a host's system and make it the default for the next boot (nothing changes now)");
