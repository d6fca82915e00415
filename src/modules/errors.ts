/**
 * The module system's failures: one class per issue kind (zod-style: a stable `code`, the option
 * path, the offending definitions with their files), so tests and tools read fields, not text.
 */
import { KeelError } from "../errors.ts";
import type { FileValue } from "./messages.ts";

export type ModuleIssueCode =
  | "unknown-option"
  | "type-mismatch"
  | "conflicting-definitions"
  | "not-unique"
  | "no-value"
  | "read-only-redefined"
  | "assertion-failed"
  | "infinite-recursion"
  | "invalid-declaration"
  | "invalid-definition"
  | "invalid-module"
  | "removed-option"
  | "host-not-found";

export interface ModuleErrorData {
  readonly loc?: readonly string[];
  readonly definitions?: readonly FileValue[];
  readonly files?: readonly string[];
  readonly cause?: unknown;
}

export abstract class ModuleError extends KeelError {
  abstract override readonly code: ModuleIssueCode;
  readonly loc: readonly string[];
  readonly definitions: readonly FileValue[];
  readonly files: readonly string[];
  /** "while evaluating ..." frames, innermost first, like Nix's --show-trace. */
  readonly context: string[] = [];

  constructor(message: string, data: ModuleErrorData = {}) {
    super(message, data.cause === undefined ? undefined : { cause: data.cause });
    this.loc = data.loc ?? [];
    this.definitions = data.definitions ?? [];
    this.files = data.files ?? [...new Set(this.definitions.map((d) => d.file))];
  }
}

export class UnknownOptionError extends ModuleError {
  readonly code = "unknown-option";
  constructor(
    message: string,
    data: ModuleErrorData & { suggestions: readonly string[] },
    readonly suggestions = data.suggestions,
  ) {
    super(message, data);
  }
}
export class TypeMismatchError extends ModuleError {
  readonly code = "type-mismatch";
}
export class ConflictingDefinitionsError extends ModuleError {
  readonly code = "conflicting-definitions";
}
export class NotUniqueError extends ModuleError {
  readonly code = "not-unique";
}
export class NoValueError extends ModuleError {
  readonly code = "no-value";
}
export class ReadOnlyError extends ModuleError {
  readonly code = "read-only-redefined";
}
export class InfiniteRecursionError extends ModuleError {
  readonly code = "infinite-recursion";
  constructor(
    message: string,
    readonly chain: readonly (readonly string[])[],
    data: ModuleErrorData = {},
  ) {
    super(message, { loc: chain[0], ...data });
  }
}
export class InvalidDeclarationError extends ModuleError {
  readonly code = "invalid-declaration";
}
export class InvalidDefinitionError extends ModuleError {
  readonly code = "invalid-definition";
}
export class InvalidModuleError extends ModuleError {
  readonly code = "invalid-module";
}
export class RemovedOptionError extends ModuleError {
  readonly code = "removed-option";
}
export class AssertionsFailedError extends ModuleError {
  readonly code = "assertion-failed";
  constructor(
    message: string,
    readonly failures: readonly { message: string; files: readonly string[] }[],
  ) {
    super(message, { files: failures.flatMap((f) => f.files) });
  }
}
export class HostNotFoundError extends ModuleError {
  readonly code = "host-not-found";
  constructor(
    message: string,
    readonly host: string,
    readonly available: readonly string[],
  ) {
    super(message);
  }
}

/** Thrown inside the engine when a value is not known yet; soft reads turn it into a poison. */
export class NotReadyError extends Error {
  constructor(readonly loc: readonly string[]) {
    super(`value of ${loc.join(".")} is not known yet`);
  }
}
