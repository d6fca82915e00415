// src/bootloader's public face: systemd-boot entries for the system profile's generations.
export { type InstallBootLoaderInput, type InstallBootLoaderReport, installBootLoader } from "./install-boot-loader.ts";
export { type BootLoaderConfig, checkLoaderOptions, DEFAULT_LOADER_OPTIONS, type LoaderOptions, loaderOptionsFromConfig } from "./loader-options.ts";
export { keptGenerations, readSystemGenerations, type SystemGeneration, systemProfile } from "./generations.ts";
export { type BootTarget, type GenerationBootspec, readGenerationBootspec } from "./read-bootspec.ts";
export { type BootPlan, type PlannedEntry, planBootEntries } from "./plan.ts";
export { type ApplyReport, applyBootPlan } from "./apply-plan.ts";
export { type EntryFileName, entryFileName, entryId, isBad, KERNELS_DIR, parseEntryFileName } from "./entry-names.ts";
export { entryOptions, renderEntry, renderLoaderConf, sortKeyOf } from "./entry-text.ts";
export { type BootctlResult, availableLoaderVersion, compareVersions, installedLoaderVersion, loaderVersionOf } from "./bootctl.ts";
export * from "./errors.ts";
