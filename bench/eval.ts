// Module-system benchmark (`npm run bench:eval`): 200 generated modules declaring 2,000 options
// with 5,000 definitions (priorities, mkIf chains reading other options, ordered lists, attrsOf
// submodules); every option is evaluated. Prints wall time and peak RSS. Target: < 150 ms, < 150 MB.
// The CLI's V8 tier-up budget, so the first run is what `rebuild eval` pays (KEEL_V8_DEFAULTS=1: V8's own).
import "../src/cli/tier-up-budget.mjs";
import { evalModules, mkAfter, mkBefore, mkDefault, mkForce, mkIf, mkMerge, mkOption, types } from "../src/modules/index.ts";

const MODULES = Number(process.env.BENCH_MODULES ?? 200);
const OPTIONS_PER_MODULE = 10;
const DEFS_PER_MODULE = 25;

const member = types.submodule(({ name }: { name: string }) => ({
  options: {
    label: mkOption({ type: types.str, default: `member ${name}` }),
    weight: mkOption({ type: types.int, default: 1 }),
  },
}));

function declare(i: number): unknown {
  const o: Record<string, unknown> = {
    n0: mkOption({ type: types.int, default: 0 }),
    n1: mkOption({ type: types.int, default: 0 }),
    n2: mkOption({ type: types.int, default: i }),
    n3: mkOption({ type: types.ints.unsigned, default: 0 }),
    enable: mkOption({ type: types.bool, default: false }),
    l0: mkOption({ type: types.listOf(types.str), default: [] }),
    l1: mkOption({ type: types.listOf(types.str), default: [] }),
    members: mkOption({ type: types.attrsOf(member), default: {} }),
    s0: mkOption({ type: types.str, default: "" }),
    s1: mkOption({ type: types.lines, default: "" }),
  };
  return { options: { [`m${i}`]: o } };
}

/** 25 definitions: most target the previous module's options and read its values. */
function define(i: number): unknown {
  const p = `m${(i + MODULES - 1) % MODULES}`;
  const me = `m${i}`;
  return ({ config }: { config: any }) => {
    const prev = config[p];
    return mkMerge([{
      [me]: {
        n0: i, // 1
        n1: mkDefault(i), // 2
        n3: mkForce(i), // 3
        // An enable chain: each module is on when the previous one is (module 0 starts it).
        enable: i === 0 ? true : prev.enable, // 4
        l0: mkBefore([`${me}-first`]), // 5
        s0: `${me}:${prev.n2}`, // 6
        s1: mkAfter(`${me} after`), // 7
      },
      [p]: {
        n1: i + 1, // 8
        l0: [`from-${me}-a`, `from-${me}-b`], // 9
        l1: mkIf(prev.enable, [`${me}-saw-enabled`]), // 10
        s1: `${me} wrote ${prev.n0}`, // 11
        members: {
          [`a${i}`]: { weight: i }, // 12
          [`b${i}`]: { label: mkDefault(`b of ${me}`) }, // 13
          [`c${i}`]: mkIf(prev.enable, { weight: 2 }), // 14
        },
      },
    },
      ...Array.from({ length: DEFS_PER_MODULE - 14 }, (_, k) => {
        const target = `m${(i + 2 + k) % MODULES}`;
        return { [target]: { l1: mkIf(config[`m${(i + 1) % MODULES}`].n2 >= 0, [`${me}-${k}`]) } }; // 15..25
      }),
    ]);
  };
}

const modules = [
  ...Array.from({ length: MODULES }, (_, i) => declare(i)),
  ...Array.from({ length: MODULES }, (_, i) => define(i)),
];

/** One full evaluation: build, then force every option (JSON.stringify reads them all). */
function run() {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const ev = evalModules({ modules });
  const config = ev.config;
  const loaded = performance.now() - start;
  const text = JSON.stringify(config);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  if (config[`m${MODULES - 1}`].enable !== true || !config.m5.l1.includes("m6-saw-enabled")) throw new Error("bench: wrong result");
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, loaded, bytes: text.length };
}

// The first run includes V8's warm-up (what `rebuild eval` pays once); later runs show steady state.
const baseMb = process.resourceUsage().maxRSS / 1024;
const cold = run();
const coldPeakMb = process.resourceUsage().maxRSS / 1024;
// BENCH_RUNS=1 (measurement only, e.g. under callgrind) stops after the first run.
const warmRuns = Math.max(0, Number(process.env.BENCH_RUNS ?? 4) - 1);
const warm = Array.from({ length: warmRuns }, run).sort((a, b) => a.ms - b.ms)[0] ?? cold;
const options = MODULES * OPTIONS_PER_MODULE;
const definitions = MODULES * DEFS_PER_MODULE;
const peakMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `eval: ${MODULES} modules, ${options} options, ${definitions} definitions (${cold.bytes} bytes of JSON)\n` +
    `  first run: ${cold.ms.toFixed(1)} ms wall, ${cold.cpuMs.toFixed(1)} ms CPU (structure ${cold.loaded.toFixed(1)} ms)\n` +
    `  warm run:  ${warm.ms.toFixed(1)} ms wall, ${warm.cpuMs.toFixed(1)} ms CPU (structure ${warm.loaded.toFixed(1)} ms)\n` +
    `  peak RSS:  ${coldPeakMb.toFixed(1)} MB after the first run (Node + tsx + code alone: ${baseMb.toFixed(1)} MB); ${peakMb.toFixed(1)} MB after all four\n`,
);
