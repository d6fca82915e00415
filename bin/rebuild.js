#!/usr/bin/env node
// The published entry: registers tsx so the TypeScript sources run as they are (no build step
// whose output could drift from the sources a generation was built with).
import "../src/cli/tier-up-budget.mjs";
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
