// Child process for crash-safety.test.ts: installs the boot loader over and over, alternating
// between configurations that copy and delete kernels and rewrite entries and loader.conf, until
// the parent kills it with SIGKILL.
import { DEFAULT_LOADER_OPTIONS, installBootLoader } from "../index.ts";

const [esp, stateDir, storeDir] = process.argv.slice(2) as [string, string, string];
process.stdout.write("ready\n");
for (let i = 0; ; i++) {
  installBootLoader({
    esp,
    stateDir,
    storeDir,
    options: { ...DEFAULT_LOADER_OPTIONS, configurationLimit: i % 2 === 0 ? 2 : null, timeout: i % 3, editor: i % 2 === 0 },
    machineId: "0123456789abcdef0123456789abcdef",
    rootParams: ["root=/dev/vda2"],
    bootctl: false,
    allowUnmountedEsp: true,
  });
}
