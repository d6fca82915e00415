/**
 * Download progress: bytes, rate and packages done. On a TTY one status line is redrawn at most
 * ten times a second; elsewhere (CI logs, pipes) only the final summary line is printed, so logs
 * stay readable.
 */
export interface ProgressEvent {
  kind: "start" | "bytes" | "done" | "finish";
  /** For `start`: how many files and bytes are expected. */
  totalFiles?: number;
  totalBytes?: number;
  bytes?: number;
  name?: string;
  cached?: boolean;
}

export type ProgressListener = (event: ProgressEvent) => void;

export interface ProgressDisplayOptions {
  stream?: NodeJS.WriteStream;
  label?: string;
  /** Overrides TTY detection (tests). */
  tty?: boolean;
}

export function createProgressDisplay(options: ProgressDisplayOptions = {}): ProgressListener {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const label = options.label ?? "fetching";
  // The clock starts at the first `start`: resolving and index work before it is not download time.
  let started = Date.now();
  let begun = false;
  let totalFiles = 0;
  let totalBytes = 0;
  let files = 0;
  let cachedFiles = 0;
  let bytes = 0;
  let lastDraw = 0;
  const line = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = formatBytes(bytes / seconds);
    const of = totalBytes > 0 ? ` / ${formatBytes(totalBytes)}` : "";
    const cached = cachedFiles > 0 ? `, ${cachedFiles} cached` : "";
    return `${label}: ${files}/${totalFiles} packages${cached}, ${formatBytes(bytes)}${of}, ${rate}/s, ${seconds.toFixed(1)} s`;
  };
  return (event) => {
    switch (event.kind) {
      case "start":
        if (!begun) started = Date.now();
        begun = true;
        totalFiles += event.totalFiles ?? 0;
        totalBytes += event.totalBytes ?? 0;
        break;
      case "bytes":
        bytes += event.bytes ?? 0;
        break;
      case "done":
        files++;
        if (event.cached) cachedFiles++;
        break;
      case "finish":
        if (tty) stream.write(`\r\x1b[K${line()}\n`);
        else if (totalFiles > 0) stream.write(`${line()}\n`);
        return;
    }
    if (tty && Date.now() - lastDraw > 100) {
      lastDraw = Date.now();
      stream.write(`\r\x1b[K${line()}`);
    }
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n.toFixed(0)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
