import type { RealiseEvent } from "../../store/index.ts";

/**
 * Build progress on stderr: one line per finished build on a terminal it rewrites in place,
 * elsewhere (CI logs) one line per build so a slow or failing step is easy to find.
 */
export function realiseReporter(out: NodeJS.WriteStream): { onEvent: (e: RealiseEvent) => void; finish: () => void } {
  let built = 0;
  const tty = out.isTTY === true;
  return {
    onEvent(e) {
      if (e.type === "build-done") {
        built++;
        const line = `built ${e.drv.name} (${(e.ms / 1000).toFixed(1)} s)`;
        out.write(tty ? `\r\x1b[K[${built}] ${line}` : `${line}\n`);
      } else if (e.type === "build-failed") {
        if (tty) out.write("\n");
        out.write(`failed: ${e.drv.name}\n`);
      }
    },
    finish() {
      if (tty && built > 0) out.write("\n");
    },
  };
}
