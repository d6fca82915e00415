import type { UsersSpec } from "./users/users-spec.ts";

/**
 * What a toplevel tells its activator (`<toplevel>/activation.json`). Versioned: an activator
 * refuses a spec newer than it understands instead of half-applying it.
 */
export interface ActivationSpec {
  version: 1;
  /** The generation's static etc tree (`<etc derivation>/etc`). */
  etc: string;
  users: UsersSpec;
  /** systemd-tmpfiles of this generation, run on switch (at boot systemd runs it itself). */
  systemdTmpfiles: string;
  /** Programs that need privileges the store cannot hold (it drops setuid bits). */
  wrappers: WrapperSpec[];
  /**
   * The activation's steps in order: Keel's built-in ones and the user's snippets
   * (`system.activationScripts`), sorted at evaluation. Absent in a spec written before snippets
   * existed: the built-in order then applies.
   */
  steps?: ActivationStepSpec[];
}

/** One step of activation: a built-in one, or consecutive user snippets run by one bash script. */
export type ActivationStepSpec =
  | { kind: "builtin"; name: string }
  | {
      kind: "snippets";
      names: string[];
      /** The script running these snippets, called with the toplevel as $1. */
      script: string;
      /** The dry-activate variant; null when none of them supports dry activation. */
      dryScript: string | null;
    };

/** A copy of `source` at /run/wrappers/bin/<name> with an owner and setuid/setgid bits. */
export interface WrapperSpec {
  name: string;
  source: string;
  owner: string;
  group: string;
  setuid: boolean;
  setgid: boolean;
  /** Octal, e.g. "u+rx,g+x,o+x" is not accepted: "0755". */
  permissions: string;
}

export const ACTIVATION_SPEC_VERSION = 1;
