import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KeelError } from "../../errors.ts";
import {
  formatGroup,
  formatPasswd,
  formatShadow,
  type GroupEntry,
  type PasswdEntry,
  readGroup,
  readPasswd,
  readShadow,
  type ShadowEntry,
} from "./account-files.ts";
import { writeFileAtomic } from "../../atomic-files.ts";
import { allocateId, idRanges, readIdState, writeIdState } from "./id-state.ts";
import { hashPassword } from "./sha512-crypt.ts";
import type { UserSpec, UsersSpec } from "./users-spec.ts";

/** Accounts activation (NixOS's update-users-groups.pl, reference §5), over a machine root. */
export interface UsersReport {
  addedUsers: string[];
  removedUsers: string[];
  addedGroups: string[];
  removedGroups: string[];
  warnings: string[];
}

export class OutOfIdsError extends KeelError {
  readonly code = "out-of-ids";
  constructor(kind: string, name: string) {
    super(`No free ${kind} id is left for \`${name}'. Remove unused accounts or give \`${name}' an explicit id.`);
  }
}

const nogroup = 65534;
const fallbackShell = "/run/current-system/sw/sbin/nologin";

function daysSinceEpoch(date: string): string {
  return String(Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000));
}

export function updateUsersGroups(root: string, spec: UsersSpec, options: { dryRun?: boolean } = {}): UsersReport {
  const dry = options.dryRun ?? false;
  const etc = join(root, "etc");
  const report: UsersReport = { addedUsers: [], removedUsers: [], addedGroups: [], removedGroups: [], warnings: [] };
  const state = readIdState(root);
  const passwd = readPasswd(join(etc, "passwd"));
  const groups = readGroup(join(etc, "group"));
  const shadow = readShadow(join(etc, "shadow"));
  const declaredUsers = new Set(spec.users.map((u) => u.name));

  // Ids in use or used before are never handed to someone else.
  const usedGids = new Set<number>([
    ...spec.groups.flatMap((g) => (g.gid === null ? [] : [g.gid])),
    ...Object.values(state.gidMap),
    ...[...groups.values()].map((g) => g.gid),
  ]);
  const newGroups = new Map<string, GroupEntry>();
  for (const g of spec.groups) {
    const existing = groups.get(g.name);
    let gid: number;
    if (existing) {
      gid = existing.gid;
      if (g.gid !== null && g.gid !== gid) report.warnings.push(`not applying GID change of group ‘${g.name}’ (${gid} -> ${g.gid})`);
    } else {
      const previous = state.gidMap[g.name];
      const free = previous !== undefined && ![...groups.values()].some((e) => e.gid === previous);
      gid = g.gid ?? (free ? previous! : allocateOrFail(usedGids, idRanges.system, "group", g.name));
      report.addedGroups.push(g.name);
    }
    usedGids.add(gid);
    const members = new Set(g.members);
    if (spec.mutableUsers && existing) for (const m of existing.members) if (!declaredUsers.has(m)) members.add(m);
    newGroups.set(g.name, { name: g.name, password: existing?.password ?? "x", gid, members: [...members] });
    state.gidMap[g.name] = gid;
  }
  for (const [name, entry] of groups) {
    if (newGroups.has(name)) continue;
    if (!spec.mutableUsers || state.declarativeGroups.includes(name)) report.removedGroups.push(name);
    else newGroups.set(name, entry);
  }

  const usedUids = new Set<number>([
    ...spec.users.flatMap((u) => (u.uid === null ? [] : [u.uid])),
    ...Object.values(state.uidMap),
    ...[...passwd.values()].map((u) => u.uid),
  ]);
  const newPasswd = new Map<string, PasswdEntry>();
  const hashes = new Map<string, string | null>();
  for (const u of spec.users) {
    const gid = primaryGid(u, newGroups, report);
    const existing = passwd.get(u.name);
    let uid: number;
    let hashed = u.hashedPassword;
    if (existing) {
      uid = existing.uid;
      if (u.uid !== null && u.uid !== uid) report.warnings.push(`not applying UID change of user ‘${u.name}’ (${uid} -> ${u.uid})`);
    } else {
      uid = u.uid ?? reviveOrAllocate(u, state.uidMap[u.name], usedUids, passwd);
      report.addedUsers.push(u.name);
      if (hashed === null) hashed = u.initialPassword !== null ? hashPassword(u.initialPassword) : u.initialHashedPassword;
    }
    usedUids.add(uid);
    if (u.hashedPasswordFile && existsSync(u.hashedPasswordFile)) {
      hashed = readFileSync(u.hashedPasswordFile, "utf8").split("\n")[0] ?? hashed;
    } else if (u.password !== null) {
      hashed = hashPassword(u.password);
    }
    hashes.set(u.name, hashed);
    let shell = u.shell ?? existing?.shell;
    if (!shell) {
      shell = fallbackShell;
      report.warnings.push(`no shell for user ‘${u.name}’, using ${fallbackShell}`);
    }
    newPasswd.set(u.name, { name: u.name, password: existing?.password ?? "x", uid, gid, gecos: u.description, home: u.home, shell });
    state.uidMap[u.name] = uid;
    if (u.createHome && !dry) createHome(join(root, u.home), uid, gid, u.homeMode);
  }
  for (const [name, entry] of passwd) {
    if (newPasswd.has(name)) continue;
    if (!spec.mutableUsers || state.declarativeUsers.includes(name)) report.removedUsers.push(name);
    else newPasswd.set(name, entry);
  }

  const newShadow: ShadowEntry[] = [];
  for (const entry of newPasswd.values()) {
    const user = spec.users.find((u) => u.name === entry.name);
    const old = shadow.get(entry.name);
    const declared = hashes.get(entry.name) ?? null;
    const expires = user?.expires ? daysSinceEpoch(user.expires) : "";
    if (old) {
      const hash = user && !spec.mutableUsers ? (declared ?? "!") : old.hash;
      const rest = [...old.rest];
      if (user) rest[5] = expires;
      newShadow.push({ name: entry.name, hash, rest });
    } else {
      newShadow.push({ name: entry.name, hash: declared ?? "!", rest: ["1", "", "", "", "", expires, ""] });
    }
  }

  if (!dry) {
    writeFileAtomic(join(etc, "group"), formatGroup([...newGroups.values()]));
    writeFileAtomic(join(etc, "passwd"), formatPasswd([...newPasswd.values()]));
    writeFileAtomic(join(etc, "shadow"), formatShadow(newShadow), { mode: 0o640 });
    const shadowGid = newGroups.get("shadow")?.gid ?? 0;
    chownSync(join(etc, "shadow"), 0, shadowGid);
    chmodSync(join(etc, "shadow"), 0o640);
    state.declarativeUsers = [...declaredUsers];
    state.declarativeGroups = spec.groups.map((g) => g.name);
    writeIdState(root, state);
  }
  return report;
}

function allocateOrFail(used: Set<number>, range: { start: number; end: number }, kind: string, name: string): number {
  const id = allocateId(used, range.start, range.end);
  if (id === undefined) throw new OutOfIdsError(kind, name);
  return id;
}

function reviveOrAllocate(u: UserSpec, previous: number | undefined, used: Set<number>, passwd: Map<string, PasswdEntry>): number {
  const range = u.isSystemUser ? idRanges.system : idRanges.normal;
  const low = Math.min(range.start, range.end);
  const high = Math.max(range.start, range.end);
  const taken = [...passwd.values()].some((e) => e.uid === previous);
  if (previous !== undefined && previous >= low && previous <= high && !taken) return previous;
  return allocateOrFail(used, range, "user", u.name);
}

function primaryGid(u: UserSpec, groups: Map<string, GroupEntry>, report: UsersReport): number {
  if (/^\d+$/.test(u.group)) return Number(u.group);
  const group = groups.get(u.group);
  if (group) return group.gid;
  report.warnings.push(`user ‘${u.name}’ has unknown group ‘${u.group}’`);
  return nogroup;
}

function createHome(path: string, uid: number, gid: number, mode: string): void {
  if (!existsSync(path)) mkdirSync(path, { recursive: true, mode: Number.parseInt(mode, 8) });
  chownSync(path, uid, gid);
  chmodSync(path, Number.parseInt(mode, 8));
}
