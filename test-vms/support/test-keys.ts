import { readFileSync } from "node:fs";

/**
 * A key pair for tests only (like nixpkgs' snakeOilPrivateKey): public on purpose, never used by
 * a real host. The client machine of the openssh scenario logs in with it.
 */
export const testClientKey = {
  private: readFileSync(new URL("./keys/client-key", import.meta.url), "utf8"),
  public: readFileSync(new URL("./keys/client-key.pub", import.meta.url), "utf8").trim(),
};
