// Another process for tests of temporary roots: realises one text file (name, optional content) in
// the given store, prints its path, and stays alive, holding its temporary roots, until stdin closes.
import { openStore } from "../store.ts";

const [storeDir, stateDir, name, content] = process.argv.slice(2);
const store = openStore({ storeDir: storeDir!, stateDir: stateDir!, systemRoots: [] });
const [path] = await store.realise(store.writeText(name!, content ?? "made by another process"));
process.stdout.write(`${path}\n`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
