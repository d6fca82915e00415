import type { CommandModule } from "yargs";
import { bootloaderCommand } from "./bootloader.ts";
import { buildCommand } from "./build.ts";
import { buildVmCommand } from "./build-vm.ts";
import { buildVmWithBootloaderCommand } from "./build-vm-with-bootloader.ts";
import { evalCommand } from "./eval.ts";
import { gcCommand } from "./gc.ts";
import { lockCommand } from "./lock.ts";
import { optionsCommand } from "./options.ts";
import { storeCommand } from "./store.ts";
import { bootCommand } from "./boot.ts";
import { deleteGenerationsCommand } from "./delete-generations.ts";
import { dryActivateCommand } from "./dry-activate.ts";
import { listGenerationsCommand } from "./list-generations.ts";
import { rollbackCommand } from "./rollback.ts";
import { switchCommand } from "./switch.ts";
import { switchGenerationCommand } from "./switch-generation.ts";
import { testCommand } from "./test.ts";

/**
 * Every `rebuild` subcommand. Each file under commands/ holds one command: a thin adapter from
 * parsed flags to a library call in src/<area>.
 */
export const commands: CommandModule<any, any>[] = [buildCommand, lockCommand, storeCommand, gcCommand, evalCommand, optionsCommand, bootloaderCommand, switchCommand, testCommand, bootCommand, dryActivateCommand, listGenerationsCommand, switchGenerationCommand, deleteGenerationsCommand, rollbackCommand, buildVmCommand, buildVmWithBootloaderCommand];
