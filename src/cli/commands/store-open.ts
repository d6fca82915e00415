import { openStore, type Store } from "../../store/index.ts";

/** The store the `--store-dir`/`--state-dir` flags (or their environment variables) name. */
export function storeFromFlags(argv: Record<string, unknown>): Store {
  return openStore({
    ...(typeof argv["store-dir"] === "string" ? { storeDir: argv["store-dir"] } : {}),
    ...(typeof argv["state-dir"] === "string" ? { stateDir: argv["state-dir"] } : {}),
  });
}
