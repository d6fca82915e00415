// Run as a separate process by the crash and concurrency tests:
//   node --import tsx realise-child.ts <storeDir> <stateDir> <workDir>
// Realises the slow test derivation and prints its path.
import { openStore } from "../store.ts";
import { slowBuilder, slowDerivation } from "./slow-builder.ts";

const [storeDir, stateDir, workDir] = process.argv.slice(2);
if (!storeDir || !stateDir || !workDir) throw new Error("usage: realise-child.ts <storeDir> <stateDir> <workDir>");
const store = openStore({ storeDir, stateDir, systemRoots: [] });
store.registerBuilder(slowBuilder);
const [path] = await store.realise(slowDerivation(store, workDir));
process.stdout.write(`${path}\n`);
