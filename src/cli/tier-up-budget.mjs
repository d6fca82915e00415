// V8's default tier-up budget suits long-lived pages: it starts optimizing a function after a few
// thousand bytecodes of work. A `rebuild` process runs its module evaluation once and exits, so
// most of that optimizing is thrown away: in bench/eval it was over half of the first run's
// instructions, competing with the main thread for the cores. Eight times the budget leaves only
// the truly hot functions to TurboFan. Plain JavaScript so bin/rebuild.js can load it before tsx
// (whose own start-up is then tuned too); bench/eval loads it the same way, so it measures what
// `rebuild eval` pays. KEEL_V8_DEFAULTS=1 keeps V8's own budget.
import { setFlagsFromString } from "node:v8";

const DEFAULT_INTERRUPT_BUDGET = 67584;
const BUDGET_FACTOR = 8;

if (process.env.KEEL_V8_DEFAULTS !== "1") setFlagsFromString(`--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET * BUDGET_FACTOR}`);
