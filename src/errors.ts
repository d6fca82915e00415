/**
 * The root of every expected failure in Keel. The CLI boundary (src/cli/run-command.ts) prints
 * `message` alone for these and uses `exitCode`; anything else is an internal error with a stack.
 * Subclasses carry the data (option path, file, store path...) so tests assert on fields, not text.
 */
export abstract class KeelError extends Error {
  /** A stable machine-readable identifier, e.g. `unknown-option`, `hash-mismatch`. */
  abstract readonly code: string;
  /** The process exit code the CLI uses for this failure (see src/cli/exit-codes.ts). */
  readonly exitCode: number = 1;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A usage mistake at the command line: wrong flag value, missing host, and so on. */
export class UsageError extends KeelError {
  readonly code = "usage";
}

export function isKeelError(error: unknown): error is KeelError {
  return error instanceof KeelError;
}
