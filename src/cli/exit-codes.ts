/**
 * Every exit code `rebuild` uses, in one place. 0/1/2/4/100 follow switch-to-configuration-ng's
 * contract so scripts written for NixOS read Keel's the same way.
 */
export const ExitCode = {
  ok: 0,
  /** Usage or evaluation error: nothing was changed. */
  failure: 1,
  /** An activation step failed (the switch went on with the rest). */
  activationStepFailed: 2,
  /** Units failed to start, restart or reload after the switch. */
  unitsFailed: 4,
  /** The switch is done but the new kernel, initrd or parameters need a reboot. */
  rebootRequired: 100,
  /** Anything that is not a KeelError: a bug in Keel. */
  internalError: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
