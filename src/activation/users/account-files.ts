import { existsSync, readFileSync } from "node:fs";

/** One line of /etc/passwd. */
export interface PasswdEntry {
  name: string;
  password: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** One line of /etc/group. */
export interface GroupEntry {
  name: string;
  password: string;
  gid: number;
  members: string[];
}

/** One line of /etc/shadow: the name, the hash and the seven fields after it, kept verbatim. */
export interface ShadowEntry {
  name: string;
  hash: string;
  rest: string[];
}

function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "") : [];
}

export function readPasswd(path: string): Map<string, PasswdEntry> {
  const out = new Map<string, PasswdEntry>();
  for (const line of lines(path)) {
    const [name = "", password = "x", uid = "0", gid = "0", gecos = "", home = "/", shell = ""] = line.split(":");
    out.set(name, { name, password, uid: Number(uid), gid: Number(gid), gecos, home, shell });
  }
  return out;
}

export function readGroup(path: string): Map<string, GroupEntry> {
  const out = new Map<string, GroupEntry>();
  for (const line of lines(path)) {
    const [name = "", password = "x", gid = "0", members = ""] = line.split(":");
    out.set(name, { name, password, gid: Number(gid), members: members ? members.split(",") : [] });
  }
  return out;
}

export function readShadow(path: string): Map<string, ShadowEntry> {
  const out = new Map<string, ShadowEntry>();
  for (const line of lines(path)) {
    const [name = "", hash = "!", ...rest] = line.split(":");
    out.set(name, { name, hash, rest });
  }
  return out;
}

export function formatPasswd(entries: PasswdEntry[]): string {
  return [...entries]
    .sort((a, b) => a.uid - b.uid || a.name.localeCompare(b.name))
    .map((e) => `${e.name}:${e.password}:${e.uid}:${e.gid}:${e.gecos}:${e.home}:${e.shell}\n`)
    .join("");
}

export function formatGroup(entries: GroupEntry[]): string {
  return [...entries]
    .sort((a, b) => a.gid - b.gid || a.name.localeCompare(b.name))
    .map((e) => `${e.name}:${e.password}:${e.gid}:${[...e.members].sort().join(",")}\n`)
    .join("");
}

export function formatShadow(entries: ShadowEntry[]): string {
  return entries.map((e) => `${[e.name, e.hash, ...e.rest].join(":")}\n`).join("");
}
