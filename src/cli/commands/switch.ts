import { activationCommand } from "./switch-shared.ts";

/** `rebuild switch --host NAME`: build, make it the boot default, and activate it now. */
export const switchCommand = activationCommand("switch", "Build a host's system, make it the default generation and activate it now");
