import type { CommandModule } from "yargs";

/**
 * Every `rebuild` subcommand. Each file under commands/ holds one command: a thin adapter from
 * parsed flags to a library call in src/<area>.
 */
// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types
export const commands: CommandModule<any, any>[] = [];
