#!/usr/bin/env node
// `npm run test:vm -- openssh boot`: runs the named test-vms/ scenarios (all of them without names).
import { spawnSync } from "node:child_process";

const names = process.argv.slice(2);
const paths = names.length === 0 ? ["test-vms/"] : names.map((n) => `test-vms/${n.replace(/\.test\.ts$/, "")}.test.ts`);
const root = new URL("..", import.meta.url).pathname;
const result = spawnSync(process.execPath, [`${root}scripts/run-tests.mjs`, ...paths], { cwd: root, stdio: "inherit" });
process.exitCode = result.status ?? 1;
