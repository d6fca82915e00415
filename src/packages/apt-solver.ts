import { runProcess } from "../run-process.ts";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ResolveError } from "./errors.ts";
import type { Suite } from "./mirror.ts";
import { ARCH } from "./release.ts";

export interface SolverSuite {
  suite: Suite;
  /** The verified InRelease (cache path). */
  releaseFile: string;
  /** The verified, decompressed Packages index (cache path). */
  indexFile: string;
}

export interface Selected {
  name: string;
  version: string;
}

/**
 * A synthetic archive URI per suite. apt reads only the lists we place for it (no network in `-s`
 * mode), so the URI just has to be stable and never resolvable: `.invalid` is reserved (RFC 2606).
 */
const LIST_HOST = "keel-lock.invalid";

/**
 * Runs apt's own solver over the verified indices, as if on an empty machine: `apt-get -s install`
 * with an empty dpkg status, no recommends, amd64 only. Returns the packages apt would install.
 * The indices are already verified against the signed Release, so the temporary sources are
 * marked trusted and apt never touches the network or the machine's own apt state.
 */
export async function solveWithApt(suites: SolverSuite[], names: string[]): Promise<Selected[]> {
  const root = await mkdtemp(join(tmpdir(), "keel-apt-"));
  try {
    const lists = join(root, "lists");
    await mkdir(join(lists, "partial"), { recursive: true });
    await mkdir(join(root, "cache", "archives", "partial"), { recursive: true });
    await mkdir(join(root, "empty"), { recursive: true });
    await writeFile(join(root, "status"), "");
    // An empty main config: the machine's /etc/apt/apt.conf must not steer a lock.
    await writeFile(join(root, "empty", "apt.conf"), "");
    const sources: string[] = [];
    for (const s of suites) {
      const uri = `http://${LIST_HOST}/${s.suite}`;
      const prefix = `${LIST_HOST}_${s.suite}_dists_${s.suite}`;
      await symlink(s.releaseFile, join(lists, `${prefix}_InRelease`));
      await symlink(s.indexFile, join(lists, `${prefix}_main_binary-${ARCH}_Packages`));
      sources.push(`deb [trusted=yes arch=${ARCH}] ${uri} ${s.suite} main`);
    }
    await writeFile(join(root, "sources.list"), `${sources.join("\n")}\n`);
    const options = {
      "Dir::State": root,
      "Dir::State::status": join(root, "status"),
      "Dir::State::Lists": lists,
      "Dir::Etc::SourceList": join(root, "sources.list"),
      "Dir::Etc::SourceParts": join(root, "empty"),
      "Dir::Etc::Preferences": join(root, "empty", "preferences"),
      "Dir::Etc::PreferencesParts": join(root, "empty"),
      "Dir::Etc::Parts": join(root, "empty"),
      "Dir::Cache": join(root, "cache"),
      "Dir::Cache::pkgcache": "",
      "Dir::Cache::srcpkgcache": "",
      "APT::Architecture": ARCH,
      "APT::Architectures": ARCH,
      "APT::Install-Recommends": "false",
      "APT::Install-Suggests": "false",
      "Debug::NoLocking": "true",
    };
    const args = Object.entries(options).flatMap(([k, v]) => ["-o", `${k}=${v}`]);
    const { code, stdout, stderr } = await runProcess("apt-get", [...args, "-s", "-q", "install", "--", ...names], {
      ...process.env,
      APT_CONFIG: join(root, "empty", "apt.conf"),
      LC_ALL: "C",
    });
    if (code !== 0) throw new ResolveError(names, `${stderr}\n${stdout.split("\n").slice(-20).join("\n")}`);
    const selected: Selected[] = [];
    for (const line of stdout.split("\n")) {
      const match = /^Inst (\S+) (?:\[[^\]]*\] )?\((\S+) /.exec(line);
      if (match?.[1] && match[2]) selected.push({ name: match[1], version: match[2] });
    }
    return selected;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

