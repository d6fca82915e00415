import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("networking.extraHosts is appended to /etc/hosts as it is", () => {
  const { config } = evaluateWith({ config: { networking: { hosts: { "10.0.0.2": ["db"] }, extraHosts: "10.0.0.3 cache\n10.0.0.4 queue\n" } } });
  assert.match(config.environment.etc.hosts.text, /^10\.0\.0\.2 db\n10\.0\.0\.3 cache\n10\.0\.0\.4 queue\n$/m);
});

test("networking.timeServers are timesyncd's servers unless the service names its own", () => {
  const viaNetworking = evaluateWith({ config: { networking: { timeServers: ["ntp.example.org"] } } }).config;
  assert.deepEqual(viaNetworking.services.timesyncd.servers, ["ntp.example.org"]);
  assert.match(viaNetworking.environment.etc["systemd/timesyncd.conf"].text, /^NTP=ntp\.example\.org$/m);
  const own = evaluateWith({ config: { networking: { timeServers: ["ntp.example.org"] }, services: { timesyncd: { servers: ["other.example.org"] } } } }).config;
  assert.deepEqual(own.services.timesyncd.servers, ["other.example.org"]);
});
