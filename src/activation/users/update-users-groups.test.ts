import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { updateUsersGroups } from "./update-users-groups.ts";
import type { GroupSpec, UserSpec, UsersSpec } from "./users-spec.ts";

function user(name: string, extra: Partial<UserSpec> = {}): UserSpec {
  return {
    name,
    uid: null,
    group: "users",
    description: "",
    home: `/home/${name}`,
    homeMode: "700",
    createHome: false,
    isSystemUser: false,
    shell: "/bin/bash",
    password: null,
    hashedPassword: null,
    hashedPasswordFile: null,
    initialPassword: null,
    initialHashedPassword: null,
    expires: null,
    ...extra,
  };
}

const baseGroups: GroupSpec[] = [
  { name: "root", gid: 0, members: [] },
  { name: "wheel", gid: 1, members: [] },
  { name: "shadow", gid: 42, members: [] },
  { name: "users", gid: 100, members: [] },
  { name: "nogroup", gid: 65534, members: [] },
];
const baseUsers = [
  user("root", { uid: 0, group: "root", home: "/root", hashedPassword: "!" }),
  user("nobody", { uid: 65534, group: "nogroup", home: "/nonexistent", shell: "/usr/sbin/nologin", isSystemUser: true }),
];

function spec(users: UserSpec[], groups: GroupSpec[] = []): UsersSpec {
  return { mutableUsers: false, users: [...baseUsers, ...users], groups: [...baseGroups, ...groups] };
}

test("allocates ids as NixOS does: normal users up from 1000, system users and groups down from 999", () => {
  const root = mkdtempSync(join(tmpdir(), "keel-users-"));
  const report = updateUsersGroups(
    root,
    spec(
      [
        user("alice", { createHome: true, hashedPassword: "$6$x$y", expires: "2030-01-01" }),
        user("messagebus", { isSystemUser: true, group: "messagebus", home: "/nonexistent", shell: null }),
      ],
      [
        { name: "messagebus", gid: null, members: [] },
        { name: "wheel-extra", gid: null, members: ["alice"] },
      ],
    ),
  );
  assert.deepEqual(report.addedUsers.sort(), ["alice", "messagebus", "nobody", "root"]);
  const passwd = readFileSync(join(root, "etc/passwd"), "utf8");
  assert.equal(
    passwd,
    [
      "root:x:0:0::/root:/bin/bash",
      "messagebus:x:999:999::/nonexistent:/run/current-system/sw/sbin/nologin",
      "alice:x:1000:100::/home/alice:/bin/bash",
      "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin",
      "",
    ].join("\n"),
  );
  assert.match(readFileSync(join(root, "etc/group"), "utf8"), /^wheel-extra:x:998:alice\nmessagebus:x:999:\n/m);
  const shadow = readFileSync(join(root, "etc/shadow"), "utf8");
  assert.match(shadow, /^alice:\$6\$x\$y:1:::::21915:$/m);
  assert.match(shadow, /^messagebus:!:1::::::$/m);
  assert.equal(statSync(join(root, "etc/shadow")).mode & 0o777, 0o640);
  assert.equal(statSync(join(root, "home/alice")).mode & 0o777, 0o700);
  assert.ok(report.warnings.some((w) => w.includes("messagebus")));
});

test("ids are stable across generations and revived for a user declared again", () => {
  const root = mkdtempSync(join(tmpdir(), "keel-users-"));
  updateUsersGroups(root, spec([user("alice")]));
  const second = updateUsersGroups(root, spec([user("bob")]));
  assert.deepEqual(second.removedUsers, ["alice"]);
  assert.match(readFileSync(join(root, "etc/passwd"), "utf8"), /^bob:x:1001:/m);
  updateUsersGroups(root, spec([user("bob"), user("alice")]));
  const passwd = readFileSync(join(root, "etc/passwd"), "utf8");
  assert.match(passwd, /^alice:x:1000:/m);
  assert.match(passwd, /^bob:x:1001:/m);
  const uidMap = JSON.parse(readFileSync(join(root, "var/lib/keel/uid-map"), "utf8"));
  assert.equal(uidMap.alice, 1000);
});

test("an existing uid is kept with a warning instead of renumbering the user's files", () => {
  const root = mkdtempSync(join(tmpdir(), "keel-users-"));
  updateUsersGroups(root, spec([user("alice")]));
  const report = updateUsersGroups(root, spec([user("alice", { uid: 1500 })]));
  assert.match(readFileSync(join(root, "etc/passwd"), "utf8"), /^alice:x:1000:/m);
  assert.ok(report.warnings.some((w) => w.includes("not applying UID change of user ‘alice’")));
});

test("with mutableUsers the stored hash survives and undeclared users stay; without, the declared hash wins", () => {
  const root = mkdtempSync(join(tmpdir(), "keel-users-"));
  updateUsersGroups(root, { ...spec([user("alice", { initialPassword: "pw" })]), mutableUsers: true });
  const firstHash = /^alice:([^:]+):/m.exec(readFileSync(join(root, "etc/shadow"), "utf8"))?.[1];
  assert.match(firstHash ?? "", /^\$6\$/);
  updateUsersGroups(root, { ...spec([user("alice", { initialPassword: "other" })]), mutableUsers: true });
  assert.equal(/^alice:([^:]+):/m.exec(readFileSync(join(root, "etc/shadow"), "utf8"))?.[1], firstHash);
  updateUsersGroups(root, spec([user("alice", { hashedPassword: "$6$fixed$hash" })]));
  assert.match(readFileSync(join(root, "etc/shadow"), "utf8"), /^alice:\$6\$fixed\$hash:/m);
});

test("dry run reports and writes nothing", () => {
  const root = mkdtempSync(join(tmpdir(), "keel-users-"));
  const report = updateUsersGroups(root, spec([user("alice")]), { dryRun: true });
  assert.ok(report.addedUsers.includes("alice"));
  assert.throws(() => readFileSync(join(root, "etc/passwd")), /ENOENT/);
});
