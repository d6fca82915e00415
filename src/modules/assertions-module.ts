/** NixOS's `assertions` and `warnings` options (reference §15), checked by `checkAssertions`. */
import { AssertionsFailedError } from "./errors.ts";
import type { Evaluated } from "./eval-modules.ts";
import { msg } from "./messages.ts";
import { tagModule } from "./module.ts";
import { mkOption } from "./options.ts";
import { isIf, isOrder, isOverride } from "./properties.ts";
import { listOf } from "./types/containers.ts";
import { unspecified } from "./types/misc.ts";
import { str } from "./types/strings.ts";
import { isAttrs } from "./values.ts";

export const assertionsModule = tagModule({
  key: "keel:assertions",
  options: {
    assertions: mkOption({
      type: listOf(unspecified),
      internal: true,
      default: [],
      example: [{ assertion: false, message: "you can't enable this for that reason" }],
      description:
        "Conditions that must hold for the configuration to build: each `{ assertion, message }` with a false `assertion` fails the evaluation with its message.",
    }),
    warnings: mkOption({
      type: listOf(str),
      internal: true,
      default: [],
      example: ["The `foo' service is deprecated and will go away soon!"],
      description: "Messages printed after evaluation, for configurations that work but deserve attention.",
    }),
  },
});

/** Unwraps element-level properties; undefined = an element whose mkIf is false. */
function element(v: unknown): unknown {
  while (isIf(v) || isOverride(v) || isOrder(v)) {
    if (isIf(v)) {
      if (v.condition !== true) return undefined;
    }
    v = v.content;
  }
  return v;
}

/**
 * Fails with every false assertion (each naming the file that defined it), else returns the
 * warnings. Reads `config.assertions` through its definitions so files are known.
 */
export function checkAssertions(evaluated: Evaluated): string[] {
  const opt = evaluated.options.assertions;
  const failures: { message: string; files: string[] }[] = [];
  if (opt) {
    evaluated.config.assertions; // forces type checks and errors of the merged list
    for (const def of opt.definitionsWithLocations as { file: string; value: unknown }[]) {
      if (!Array.isArray(def.value)) continue;
      for (const raw of def.value) {
        const a = element(raw);
        if (!isAttrs(a) || a.assertion !== false) continue;
        failures.push({ message: String(a.message).trimEnd(), files: [def.file] });
      }
    }
  }
  if (failures.length > 0) {
    const lines = failures.map((f) => `${f.message} (defined in ${f.files.map((x) => `\`${x}'`).join(", ")})`);
    throw new AssertionsFailedError(msg.failedAssertions(lines), failures);
  }
  return opt ? [...(evaluated.config.warnings as string[])] : [];
}
