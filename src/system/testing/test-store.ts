import { fileURLToPath } from "node:url";

/**
 * Where integration tests build systems. Outside /tmp on purpose: a booted generation mounts its
 * own /tmp, which would hide a store below it. Kept between runs (and by CI on the same machine)
 * so unpacked packages are reused; every path in it is content-addressed, so reuse is safe.
 */
export const testStore = {
  storeDir: process.env.KEEL_TEST_STORE_DIR ?? "/var/cache/keel-test/store",
  stateDir: process.env.KEEL_TEST_STATE_DIR ?? "/var/cache/keel-test/var",
};

export const repoDir = fileURLToPath(new URL("../../..", import.meta.url));

/** Integration tests need root (store in /var/cache, nspawn) and Debian's tools. */
export const canRunSystemTests = process.getuid?.() === 0;
