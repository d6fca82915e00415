import { mkOption, types } from "../../src/modules/index.ts";
import { byLabelPath } from "./fstab-text.ts";

export interface SwapConfig {
  device: string | null;
  label: string | null;
  size: number | null;
  priority: number | null;
  discardPolicy: "once" | "pages" | "both" | null;
  options: string[];
  randomEncryption: { enable: boolean };
}

/** One element of `swapDevices` (nixos/modules/config/swap.nix). */
export function swapSubmodule() {
  return {
    options: {
      device: mkOption({
        type: types.nullOr(types.nonEmptyStr),
        default: null,
        example: "/dev/disk/by-uuid/3b5f0c1e-2a4d-4b1e-9f57-6f4f0e0a9d21",
        description: "The swap partition (made with mkswap) or swap file. Set this or `label`.",
      }),
      label: mkOption({
        type: types.nullOr(types.nonEmptyStr),
        default: null,
        example: "swap",
        description: "The swap area's label (`mkswap -L`): the device becomes `/dev/disk/by-label/<label>`.",
      }),
      size: mkOption({
        type: types.nullOr(types.ints.positive),
        default: null,
        example: 2048,
        description:
          "Makes `device` a swap file of this many MiB, created (or re-created at another size) before it is turned on. Leave null for a partition.",
      }),
      priority: mkOption({
        type: types.nullOr(types.ints.between(0, 32767)),
        default: null,
        example: 100,
        description: "The swap priority (higher is used first); null lets the kernel choose (a negative value in /proc/swaps).",
      }),
      discardPolicy: mkOption({
        type: types.nullOr(types.enum(["once", "pages", "both"])),
        default: null,
        example: "once",
        description: "TRIM for the swap area (swapon(8)): `once` discards it all when turned on, `pages` discards freed pages, `both` does both.",
      }),
      options: mkOption({
        type: types.listOf(types.nonEmptyStr),
        default: ["defaults"],
        example: ["nofail"],
        description: "Options of the swap line in /etc/fstab (`nofail`, `x-systemd.device-timeout=…`).",
      }),
      randomEncryption: mkOption({
        type: types.coercedTo(types.bool, (enable: boolean) => ({ enable }), types.submodule({
          options: { enable: mkOption({ type: types.bool, default: false, description: "Whether the swap area is encrypted with a key made at each boot." }) },
        })),
        default: false,
        description: "Encrypting swap with a random key at each boot. Not supported by Keel yet: enabling it fails evaluation.",
      }),
    },
  };
}

/** The device a swap entry names: `device`, or the label's by-label path. */
export function swapDevicePath(sw: Pick<SwapConfig, "device" | "label">): string | null {
  return sw.device ?? (sw.label !== null ? byLabelPath(sw.label) : null);
}
