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
}

export const ACTIVATION_SPEC_VERSION = 1;
