import type { Module } from "../src/modules/index.ts";

/** Every library module; a host sees all their options (like NixOS's module list). Only add to it. */
export const allModules: Module[] = [];
