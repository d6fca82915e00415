/**
 * The activator bundle's entry (src/system/activator-bundle.ts bundles from here). Two ways in:
 * - run as a script, `node keel-activator.cjs ARGS`: the command runs at once;
 * - loaded by `node --build-snapshot keel-activator.cjs` (src/system/activator-snapshot.ts): the
 *   bundle's modules are initialised now, at build time, and the command runs when a generation
 *   starts Node.js from that snapshot (snapshot-start.ts).
 */
import { runActivator } from "./activator-cli.ts";
import { isBuildingSnapshot, prepareSnapshot } from "./snapshot-start.ts";

if (isBuildingSnapshot()) prepareSnapshot(runActivator);
else runActivator(process.argv.slice(2));
