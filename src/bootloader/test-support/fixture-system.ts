import { createHash, randomBytes } from "node:crypto";
import { lutimesSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeBase32 } from "../../store/index.ts";
import { type BootspecDocument, bootspec, sortedJson } from "../../system/bootspec.ts";
import { ROOT_EXTENSION } from "../read-bootspec.ts";

export interface ToplevelSpec {
  /** Kernel bytes; generations with equal kernels share a store path, as with a real store. */
  kernel?: string;
  initrd?: string;
  kernelParams?: string[];
  label?: string;
  specialisations?: Record<string, { kernelParams: string[] }>;
  /** The configuration's fileSystems."/" (Keel's bootspec extension); its specialisations share it. */
  rootFileSystem?: { device: string; fsType: string };
}

/**
 * A throwaway machine for bootloader tests: a store with toplevels laid out as src/system builds
 * them (kernel, initrd, init, boot.json with specialisations), a state dir with the system
 * profile, and an empty ESP directory.
 */
export class FixtureSystem {
  readonly root = mkdtempSync(join(tmpdir(), "keel-boot-"));
  readonly storeDir = join(this.root, "store");
  readonly stateDir = join(this.root, "var");
  readonly esp = join(this.root, "esp");
  private readonly files = new Map<string, string>();

  constructor() {
    for (const d of [this.storeDir, join(this.stateDir, "profiles"), this.esp]) mkdirSync(d, { recursive: true });
  }

  private storePath(name: string, key: string): string {
    const hash = encodeBase32(createHash("sha256").update(key).digest().subarray(0, 20));
    return join(this.storeDir, `${hash}-${name}`);
  }

  /** A store file with this content (one path per distinct content). */
  private storeFile(pkg: string, file: string, content: string): string {
    const existing = this.files.get(`${pkg}\0${content}`);
    if (existing) return existing;
    const dir = this.storePath(pkg, `${pkg}\0${content}`);
    const path = join(dir, file);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
    this.files.set(`${pkg}\0${content}`, path);
    return path;
  }

  private buildOne(spec: ToplevelSpec, name: string, children: Record<string, { path: string; doc: BootspecDocument }>): { path: string; doc: BootspecDocument } {
    const kernel = this.storeFile("linux-image-6.1.0-test-amd64", "boot/vmlinuz-6.1.0-test-amd64", spec.kernel ?? "kernel-1\n".repeat(1000));
    const initrd = this.storeFile("initrd", "initrd", spec.initrd ?? "initrd-1\n".repeat(1000));
    const toplevel = this.storePath(name, randomBytes(8).toString("hex"));
    mkdirSync(join(toplevel, "specialisation"), { recursive: true });
    const doc = bootspec({
      kernel,
      initrd,
      kernelParams: spec.kernelParams ?? ["loglevel=4"],
      label: spec.label ?? "Keel 0.1.0 (Linux 6.1.0-test-amd64)",
      specialisations: Object.fromEntries(Object.entries(children).map(([n, c]) => [n, c.doc])),
      toplevel,
      ...(spec.rootFileSystem ? { extensions: { [ROOT_EXTENSION]: spec.rootFileSystem } } : {}),
    });
    writeFileSync(join(toplevel, "boot.json"), sortedJson(doc));
    writeFileSync(join(toplevel, "init"), "#!/bin/sh\n", { mode: 0o755 });
    writeFileSync(join(toplevel, "kernel-params"), (spec.kernelParams ?? ["loglevel=4"]).join(" "));
    symlinkSync(kernel, join(toplevel, "kernel"));
    symlinkSync(initrd, join(toplevel, "initrd"));
    for (const [n, c] of Object.entries(children)) symlinkSync(c.path, join(toplevel, "specialisation", n));
    return { path: toplevel, doc };
  }

  /** Builds a toplevel (and its specialisations) into the store; returns its path. */
  toplevel(spec: ToplevelSpec = {}): string {
    const children: Record<string, { path: string; doc: BootspecDocument }> = {};
    for (const [n, s] of Object.entries(spec.specialisations ?? {})) {
      children[n] = this.buildOne({ ...spec, kernelParams: [...(spec.kernelParams ?? ["loglevel=4"]), ...s.kernelParams], specialisations: {} }, `keel-system-test-${n}`, {});
    }
    return this.buildOne(spec, "keel-system-test", children).path;
  }

  /** Adds `system-N-link` → toplevel and points the profile at it (as `rebuild switch` does). */
  addGeneration(toplevel: string, number: number, date = new Date(Date.UTC(2026, 0, number))): void {
    const profiles = join(this.stateDir, "profiles");
    const link = join(profiles, `system-${number}-link`);
    symlinkSync(toplevel, link);
    lutimesSync(link, date, date);
    this.setCurrent(number);
  }

  setCurrent(number: number): void {
    const profiles = join(this.stateDir, "profiles");
    const tmp = join(profiles, `.system.tmp-${randomBytes(4).toString("hex")}`);
    symlinkSync(`system-${number}-link`, tmp);
    renameSync(tmp, join(profiles, "system"));
  }

  deleteGeneration(number: number): void {
    rmSync(join(this.stateDir, "profiles", `system-${number}-link`));
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
