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
}

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
