import { closeSync, openSync, readSync } from "node:fs";

/**
 * Random bytes from the kernel, without node:crypto. The boot-time activator uses this: under
 * emulation, loading node:crypto (and the dozens of internal modules it pulls in, compiled from
 * source by Debian's Node.js, which has no code cache) costs about half a second, for nothing
 * but temp-file names and a machine id. /dev/urandom never blocks once the kernel's pool is
 * initialised, which it is long before any userspace runs here.
 */
export function randomBytesFromKernel(size: number): Buffer {
  const buffer = Buffer.alloc(size);
  const fd = openSync("/dev/urandom", "r");
  try {
    let filled = 0;
    while (filled < size) filled += readSync(fd, buffer, filled, size - filled, null);
  } finally {
    closeSync(fd);
  }
  return buffer;
}
