import { InvalidLoaderInputError } from "./errors.ts";

/** What loader.conf and the entry set are made from: boot.loader.* in a host's configuration. */
export interface LoaderOptions {
  /** Seconds the menu waits; null shows the menu until a key is pressed (`menu-force`). */
  timeout: number | null;
  /** Whether the command line may be edited at the menu. */
  editor: boolean;
  /** `console-mode` in loader.conf: 0, 1, 2, 5, auto, max or keep. */
  consoleMode: string;
  /** How many generations (the newest) get entries; null keeps all. The current one always has one. */
  configurationLimit: number | null;
  /** Whether bootctl may set EFI variables (boot order, LoaderSystemToken). */
  canTouchEfiVariables: boolean;
  /** systemd's boot assessment: new entries get `+<tries>` and need blessing after a good boot. */
  bootCounting: { enable: boolean; tries: number };
}

export const DEFAULT_LOADER_OPTIONS: LoaderOptions = {
  timeout: 5,
  editor: true,
  consoleMode: "keep",
  configurationLimit: null,
  canTouchEfiVariables: false,
  bootCounting: { enable: true, tries: 3 },
};

const CONSOLE_MODES = new Set(["0", "1", "2", "5", "auto", "max", "keep"]);

/** The shape `config.boot.loader` has (modules-library/boot/loader.ts). */
export interface BootLoaderConfig {
  timeout: number | null;
  efi: { canTouchEfiVariables: boolean; efiSysMountPoint: string };
  "systemd-boot": {
    enable: boolean;
    configurationLimit: number | null;
    editor: boolean;
    consoleMode: string;
    bootCounting: { enable: boolean; tries: number };
  };
}

/** LoaderOptions from an evaluated `config.boot.loader`. */
export function loaderOptionsFromConfig(loader: BootLoaderConfig): LoaderOptions {
  const sd = loader["systemd-boot"];
  return checkLoaderOptions({
    timeout: loader.timeout,
    editor: sd.editor,
    consoleMode: sd.consoleMode,
    configurationLimit: sd.configurationLimit,
    canTouchEfiVariables: loader.efi.canTouchEfiVariables,
    bootCounting: { enable: sd.bootCounting.enable, tries: sd.bootCounting.tries },
  });
}

/** Rejects values systemd-boot would misread, naming the option (the module types check the same at evaluation). */
export function checkLoaderOptions(o: LoaderOptions): LoaderOptions {
  if (o.timeout !== null && !(Number.isInteger(o.timeout) && o.timeout >= 0)) {
    throw new InvalidLoaderInputError("boot.loader.timeout", String(o.timeout), "a whole number of seconds ≥ 0, or null");
  }
  if (!CONSOLE_MODES.has(o.consoleMode)) {
    throw new InvalidLoaderInputError("boot.loader.systemd-boot.consoleMode", o.consoleMode, [...CONSOLE_MODES].join(", "));
  }
  if (o.configurationLimit !== null && !(Number.isInteger(o.configurationLimit) && o.configurationLimit >= 1)) {
    throw new InvalidLoaderInputError("boot.loader.systemd-boot.configurationLimit", String(o.configurationLimit), "a whole number ≥ 1, or null");
  }
  // systemd-boot parses the counter as a decimal in the file name; 0 would mark the entry bad at once.
  if (!(Number.isInteger(o.bootCounting.tries) && o.bootCounting.tries >= 1 && o.bootCounting.tries <= 999)) {
    throw new InvalidLoaderInputError("boot.loader.systemd-boot.bootCounting.tries", String(o.bootCounting.tries), "a whole number from 1 to 999");
  }
  return o;
}
