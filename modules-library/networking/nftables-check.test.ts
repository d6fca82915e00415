import assert from "node:assert/strict";
import { test } from "node:test";
import { createPackageSet, readLock } from "../../src/packages/index.ts";
import { openStore } from "../../src/store/index.ts";
import { canRunSystemTests, repoDir, testStore } from "../../src/system/testing/test-store.ts";
import { evaluateWith } from "../lib/testing.ts";
import { checkedNftRuleset } from "./nftables-ruleset.ts";

// Realising runs Debian's nft against a kernel (in a namespace of its own): the real check.
const skip = !canRunSystemTests && "needs root (the shared test store, a network namespace)";

test("the generated firewall ruleset passes nft --check; a bad extra rule fails the build naming nft's complaint", { skip }, async () => {
  const store = openStore(testStore);
  const pkgs = createPackageSet({ store, lock: readLock(repoDir) });
  const { config } = evaluateWith({
    config: {
      networking: {
        firewall: {
          allowedTCPPorts: [22, 80],
          allowedUDPPortRanges: [{ from: 60000, to: 61000 }],
          interfaces: { eth0: { allowedTCPPorts: [8080] } },
          trustedInterfaces: ["br0"],
          pingLimit: "2/second",
          rejectPackets: true,
          logRefusedPackets: true,
          logRefusedUnicastsOnly: false,
          filterForward: true,
          extraInputRules: "ip6 saddr { fc00::/7, fe80::/10 } tcp dport 24800 accept",
        },
      },
    },
  });
  const text: string = config.networking.nftables.rulesetText;
  const good = checkedNftRuleset(pkgs, text, { check: true, preCheck: "" });
  const [out] = await store.realise(good);
  assert.ok(out?.endsWith("-nftables-rules"));

  const bad = checkedNftRuleset(pkgs, text.replace("tcp dport 24800 accept", "tcp dport 24800 acept"), { check: true, preCheck: "" });
  await assert.rejects(store.realise(bad), (e: unknown) => {
    const message = String((e as Error).message);
    assert.match(message, /nftables-rules/);
    assert.match(message, /ruleset\.conf:\d+:\d+-\d+: Error: syntax error/);
    assert.match(message, /tcp dport 24800 acept/);
    return true;
  });
  // Nothing of the failed build is left in the store.
  assert.equal(store.isValid(bad.outPath), false);
});
