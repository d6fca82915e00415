import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { BootLoaderNotInstalledError, BootctlFailedError } from "./errors.ts";

export interface BootctlContext {
  /** The bootctl program. */
  bootctl: string;
  esp: string;
  /** False adds --no-variables (boot.loader.efi.canTouchEfiVariables). */
  touchEfiVariables: boolean;
  /**
   * Sets SYSTEMD_RELAX_ESP_CHECKS=1: bootctl then accepts an ESP that is not FAT (tests use a
   * tmpfs; image builds a staging directory). It still requires a mount point.
   */
  relaxEspChecks: boolean;
}

export interface BootctlResult {
  action: "installed" | "updated" | "up-to-date";
  /** The systemd-boot version on the ESP before (updates) and after. */
  from?: string;
  to?: string;
}

function run(ctx: BootctlContext, args: string[]): string {
  const full = [`--esp-path=${ctx.esp}`, ...(ctx.touchEfiVariables ? [] : ["--no-variables"]), ...args];
  const r = spawnSync(ctx.bootctl, full, {
    encoding: "utf8",
    env: { ...process.env, ...(ctx.relaxEspChecks ? { SYSTEMD_RELAX_ESP_CHECKS: "1" } : {}), SYSTEMD_PAGER: "" },
  });
  if (r.error) throw new BootctlFailedError(full, null, r.error.message);
  if (r.status !== 0) throw new BootctlFailedError(full, r.status, r.stderr);
  return r.stdout;
}

/** systemd-boot's version as its own binary declares it (the `LoaderInfo` magic bootctl reads too). */
export function loaderVersionOf(efiBinary: string): string | undefined {
  if (!existsSync(efiBinary)) return undefined;
  const m = /#### LoaderInfo: systemd-boot (\S+) ####/.exec(readFileSync(efiBinary).toString("latin1"));
  return m?.[1];
}

export function installedLoaderVersion(esp: string): string | undefined {
  return loaderVersionOf(join(esp, "EFI/systemd/systemd-bootx64.efi")) ?? loaderVersionOf(join(esp, "EFI/BOOT/BOOTX64.EFI"));
}

/** The version bootctl would install: the first word in parentheses of `bootctl --version`. */
export function availableLoaderVersion(bootctl: string): string {
  const r = spawnSync(bootctl, ["--version"], { encoding: "utf8" });
  if (r.status !== 0) throw new BootctlFailedError(["--version"], r.status, r.stderr || String(r.error ?? ""));
  const m = /\(([^)\s]+)\)/.exec(r.stdout);
  return m?.[1] ?? r.stdout.split(/\s+/)[1] ?? "";
}

/** Compares version strings by their numeric and alphabetic runs (252.39-1~deb12u2 < 252.40). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.match(/\d+|[a-z]+/gi) ?? [];
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    const c = nx && ny ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

/**
 * `--install-bootloader`: a fresh `bootctl install`. bootctl keeps an existing loader.conf, which
 * would hide our settings on a reused ESP, so it goes first (we rewrite it right after).
 */
export function installLoader(ctx: BootctlContext): BootctlResult {
  rmSync(join(ctx.esp, "loader/loader.conf"), { force: true });
  // No <machine-id>/ directory: Keel's entries are type #1 files in loader/entries.
  run(ctx, ["--make-entry-directory=no", "install"]);
  const to = installedLoaderVersion(ctx.esp);
  return { action: "installed", ...(to ? { to } : {}) };
}

/** Updates systemd-boot on the ESP when bootctl has a newer one (as NixOS does on every switch). */
export function updateLoader(ctx: BootctlContext): BootctlResult {
  const installed = installedLoaderVersion(ctx.esp);
  if (installed === undefined) throw new BootLoaderNotInstalledError(ctx.esp);
  const available = availableLoaderVersion(ctx.bootctl);
  if (compareVersions(installed, available) >= 0) return { action: "up-to-date", from: installed, to: installed };
  run(ctx, ["update"]);
  return { action: "updated", from: installed, to: available };
}
