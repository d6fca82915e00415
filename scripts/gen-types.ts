// Regenerates src/modules/generated/options.ts (the option tree's TypeScript types) from
// modules-library's allModules + the assertions module. `npm run gen:types`.
import { GENERATED_TYPES_PATH, writeOptionTypes } from "../src/modules/index.ts";

const repo = new URL("..", import.meta.url).pathname;
const changed = await writeOptionTypes(repo);
process.stdout.write(`${GENERATED_TYPES_PATH}: ${changed ? "updated" : "up to date"}\n`);
