import { isKeelError } from "../errors.ts";
import { ExitCode } from "./exit-codes.ts";

/**
 * The one boundary that turns failures into messages and exit codes. Commands below it return an
 * exit code or throw; none calls `process.exit`.
 */
export async function runCommand(action: () => Promise<unknown>): Promise<void> {
  try {
    const code = await action();
    process.exitCode = typeof code === "number" ? code : ExitCode.ok;
  } catch (error) {
    if (isKeelError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write("internal error (a bug in Keel; please report it):\n");
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = ExitCode.internalError;
  }
}
