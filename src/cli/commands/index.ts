import type { CommandModule } from "yargs";
import { bootloaderCommand } from "./bootloader.ts";
import { buildCommand } from "./build.ts";
import { evalCommand } from "./eval.ts";
import { gcCommand } from "./gc.ts";
import { lockCommand } from "./lock.ts";
import { optionsCommand } from "./options.ts";
import { storeCommand } from "./store.ts";

/**
 * Every `rebuild` subcommand. Each file under commands/ holds one command: a thin adapter from
 * parsed flags to a library call in src/<area>.
 */
export const commands: CommandModule<any, any>[] = [buildCommand, lockCommand, storeCommand, gcCommand, evalCommand, optionsCommand, bootloaderCommand];
