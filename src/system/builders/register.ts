import type { Store } from "../../store/index.ts";
import { etcBuilder } from "../etc/etc-builder.ts";
import { initrdBuilder } from "../initrd/initrd-builder.ts";
import { unitsDirectoryBuilder } from "../units/units-directory-builder.ts";
import { swBuilder } from "./sw-builder.ts";
import { toplevelBuilder } from "./toplevel-builder.ts";

const registered = new WeakSet<Store>();

/** Teaches a store the builder kinds a toplevel needs (once per store). */
export function registerSystemBuilders(store: Store): void {
  if (registered.has(store)) return;
  registered.add(store);
  for (const b of [swBuilder, toplevelBuilder, initrdBuilder, unitsDirectoryBuilder, etcBuilder]) store.registerBuilder(b);
}
