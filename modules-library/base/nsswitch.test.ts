import assert from "node:assert/strict";
import { test } from "node:test";
import { mkAfter, mkBefore, mkMerge } from "../../src/modules/index.ts";
import { evaluateWith } from "../lib/testing.ts";

const nsswitch = (...modules: unknown[]): string => evaluateWith(...modules).config.environment.etc["nsswitch.conf"].text;

test("by default /etc/nsswitch.conf is Debian's lines with files first", () => {
  assert.equal(
    nsswitch({}),
    "passwd:         files\ngroup:          files\nshadow:         files\ngshadow:        files\nhosts:          files dns\nnetworks:       files\nprotocols:      db files\nservices:       db files\nethers:         db files\nrpc:            db files\n",
  );
});

test("system.nssDatabases: plain entries follow files (and dns), mkBefore goes ahead of files, mkAfter after dns", () => {
  const text = nsswitch({
    config: { system: { nssDatabases: { passwd: ["systemd"], group: ["systemd"], hosts: mkMerge([mkBefore(["mymachines"]), ["myhostname"], mkAfter(["resolve"])]), services: ["sss"] } } },
  });
  assert.match(text, /^passwd:\s+files systemd$/m);
  assert.match(text, /^group:\s+files systemd$/m);
  assert.match(text, /^hosts:\s+mymachines files myhostname dns resolve$/m);
  assert.match(text, /^services:\s+db files sss$/m);
});

