import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import ts from "typescript";
import { assertionsModule, evalModules, GENERATED_TYPES_PATH, generateOptionTypes, TypeMismatchError, UnknownOptionError } from "./index.ts";

const repo = new URL("../..", import.meta.url).pathname;

/** Type-checks files with the repository's compiler options (bad-* fixtures are excluded from the project). */
function typeErrors(files: string[]): string[] {
  const config = ts.readConfigFile(join(repo, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repo);
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("static typing of hosts", () => {
  test("a misspelt option and a wrong value type are tsc errors", () => {
    const typo = join(repo, "src/modules/fixtures/bad-host-typo.ts");
    const wrong = join(repo, "src/modules/fixtures/bad-host-type.ts");
    const errors = typeErrors([typo, wrong]);
    const inTypo = errors.filter((e) => e.startsWith(typo));
    const inWrong = errors.filter((e) => e.startsWith(wrong));
    assert.equal(inTypo.length, 1, errors.join("\n"));
    assert.match(inTypo[0]!, /warnigs/);
    assert.equal(inWrong.length, 1, errors.join("\n"));
    assert.match(inWrong[0]!, /Type 'string' is not assignable/);
  });

  test("the same mistakes fail evaluation, naming the file (and the right name)", async () => {
    // Imported by computed URL: a static import would pull them into the project's type check.
    const load = async (name: string) => (await import(new URL(`./fixtures/${name}.ts`, import.meta.url).href)).default;
    const badTypo = await load("bad-host-typo");
    const badType = await load("bad-host-type");
    const typo = evalModules({ modules: [assertionsModule, badTypo] });
    assert.throws(
      () => typo.config,
      (e: unknown) =>
        e instanceof UnknownOptionError &&
        e.files[0] === "src/modules/fixtures/bad-host-typo.ts" &&
        e.message.endsWith("Did you mean `warnings' or `assertions'?"),
    );
    const wrong = evalModules({ modules: [assertionsModule, badType] });
    assert.throws(() => wrong.config.warnings, (e: unknown) => e instanceof TypeMismatchError && e.files[0] === "src/modules/fixtures/bad-host-type.ts");
  });

  test("the checked-in option types are up to date (run `npm run gen:types`)", async () => {
    const expected = await generateOptionTypes(repo);
    assert.equal(readFileSync(join(repo, GENERATED_TYPES_PATH), "utf8"), expected);
  });
});
