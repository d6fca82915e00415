import { SELF } from "./builders/toplevel-builder.ts";

/** Bootspec v1 (RFC-0125), the boot loader's view of a generation (reference §1.1). */
export interface BootspecDocument {
  "org.nixos.bootspec.v1": {
    init: string;
    initrd?: string;
    kernel: string;
    kernelParams: string[];
    label: string;
    system: string;
    toplevel: string;
  };
  "org.nixos.specialisation.v1": Record<string, BootspecDocument>;
  [extension: string]: unknown;
}

export function bootspec(opts: {
  kernel: string;
  initrd: string;
  kernelParams: string[];
  label: string;
  specialisations: Record<string, BootspecDocument>;
  extensions?: Record<string, unknown>;
  /** The toplevel's path; defaults to the placeholder the toplevel builder substitutes. */
  toplevel?: string;
}): BootspecDocument {
  const toplevel = opts.toplevel ?? SELF;
  return {
    // Extensions first, so they can never shadow the core key.
    ...(opts.extensions ?? {}),
    "org.nixos.bootspec.v1": {
      init: `${toplevel}/init`,
      initrd: opts.initrd,
      kernel: opts.kernel,
      kernelParams: opts.kernelParams,
      label: opts.label,
      system: "x86_64-linux",
      toplevel,
    },
    "org.nixos.specialisation.v1": opts.specialisations,
  };
}

/** JSON with keys sorted at every level (as jq --sort-keys), so the file never differs by accident. */
export function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) out[key] = sort((v as Record<string, unknown>)[key]);
      return out;
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
