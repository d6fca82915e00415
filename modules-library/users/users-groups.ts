import { defineModule, mkDefault, mkIf, mkOption, types } from "../../src/modules/index.ts";
import type { GroupSpec, UserSpec, UsersSpec } from "../../src/activation/users/users-spec.ts";
import { lingerSnippet } from "./linger.ts";
import { shellPath } from "./shell-path.ts";

const passwordNote =
  "Precedence, weakest first: initialHashedPassword, initialPassword, hashedPassword, password, hashedPasswordFile (the initial ones apply only when the user is created, or always with mutableUsers = false).";

/** A user's options (nixos/modules/config/users-groups.nix), as a submodule of users.users. */
function userOptions() {
  return ({ name, config }: { name: string; config: { isNormalUser: boolean; isSystemUser: boolean } }) => ({
    options: {
      enable: mkOption({ type: types.bool, default: true, description: "Whether the user exists." }),
      name: mkOption({ type: types.strMatching("[a-z_][a-z0-9_.-]{0,30}\\$?"), description: "The login name (default: the attribute name)." }),
      uid: mkOption({
        type: types.nullOr(types.int),
        default: null,
        description: "The user id; null allocates one (normal users from 1000 up, system users from 999 down), kept stable across generations.",
      }),
      isNormalUser: mkOption({
        type: types.bool,
        default: false,
        description: "A person's account: group `users`, a home under /home that is created, a login shell.",
      }),
      isSystemUser: mkOption({ type: types.bool, default: false, description: "A service's account: an id below 1000, no home, no login shell." }),
      group: mkOption({ type: types.str, default: "", description: "The primary group (must exist in users.groups)." }),
      extraGroups: mkOption({ type: types.listOf(types.str), default: [], example: ["wheel"], description: "Supplementary groups." }),
      description: mkOption({ type: types.str, default: "", example: "Alice Q. User", description: "The GECOS field: usually the person's full name." }),
      home: mkOption({ type: types.path, default: "/var/empty", description: "The home directory." }),
      homeMode: mkOption({ type: types.strMatching("[0-7]{1,5}"), default: "700", description: "Permissions of the home directory when it is created." }),
      createHome: mkOption({ type: types.bool, default: false, description: "Whether the home directory is created (and its owner and mode kept right)." }),
      shell: mkOption({
        type: types.nullOr(types.either(types.package, types.path)),
        default: null,
        example: "pkgs.bash",
        description: "The login shell: a package (its program of the same name) or a path. Null for normal users means users.defaultUserShell.",
      }),
      hashedPassword: mkOption({ type: types.nullOr(types.str), default: null, description: `The password hash (as in /etc/shadow; \`!\` locks the account). ${passwordNote}` }),
      hashedPasswordFile: mkOption({ type: types.nullOr(types.str), default: null, description: `A file outside the store whose first line is the password hash, read at each activation. ${passwordNote}` }),
      password: mkOption({ type: types.nullOr(types.str), default: null, description: `A clear-text password (it ends up world-readable in the store: prefer hashedPassword). ${passwordNote}` }),
      initialPassword: mkOption({ type: types.nullOr(types.str), default: null, description: `The clear-text password given when the user is created. ${passwordNote}` }),
      initialHashedPassword: mkOption({ type: types.nullOr(types.str), default: null, description: `The password hash given when the user is created. ${passwordNote}` }),
      linger: mkOption({
        type: types.nullOr(types.bool),
        default: null,
        description:
          "Whether the user's systemd manager runs from boot to shutdown, logged in or not (`loginctl enable-linger`), so their user services run unattended. " +
          "null leaves it to `loginctl enable-linger`/`disable-linger` on the machine.",
      }),
      packages: mkOption({
        type: types.listOf(types.package),
        default: [],
        example: "[ pkgs.htop pkgs.git ]",
        description: "Packages on this user's PATH only (through /etc/profiles/per-user/<name>/bin); what they need at run time is installed system-wide.",
      }),
      expires: mkOption({ type: types.nullOr(types.strMatching("[0-9]{4}-[0-9]{2}-[0-9]{2}")), default: null, description: "The date (YYYY-MM-DD) the account expires." }),
      openssh: {
        authorizedKeys: {
          keys: mkOption({ type: types.listOf(types.singleLineStr), default: [], description: "Public keys that may log in as this user over SSH." }),
          keyFiles: mkOption({ type: types.listOf(types.path), default: [], description: "Files of public keys that may log in as this user over SSH." }),
        },
      },
    },
    config: {
      name: mkDefault(name),
      group: mkIf(config.isNormalUser, mkDefault("users")),
      createHome: mkIf(config.isNormalUser, mkDefault(true)),
      home: mkIf(config.isNormalUser, mkDefault(`/home/${name}`)),
    },
  });
}

function groupOptions() {
  return ({ name }: { name: string }) => ({
    options: {
      name: mkOption({ type: types.str, description: "The group's name (default: the attribute name)." }),
      gid: mkOption({ type: types.nullOr(types.int), default: null, description: "The group id; null allocates one below 1000, kept stable across generations." }),
      members: mkOption({ type: types.listOf(types.str), default: [], description: "Users in the group, besides those listing it in extraGroups." }),
    },
    config: { name: mkDefault(name) },
  });
}

/** Users and groups, applied at activation by src/activation/users (reference §5). */
export default defineModule({
  options: {
    users: {
      mutableUsers: mkOption({
        type: types.bool,
        default: true,
        description:
          "Whether accounts may also be changed on the machine (passwd, useradd): declared users are then only created, and passwords set there are kept. With false, the configuration is the whole truth.",
      }),
      defaultUserShell: mkOption({ type: types.either(types.package, types.path), default: "/bin/bash", description: "The shell of normal users that set none." }),
      users: mkOption({ type: types.attrsOf(types.submodule(userOptions())), default: {}, description: "The user accounts." }),
      groups: mkOption({ type: types.attrsOf(types.submodule(groupOptions())), default: {}, description: "The groups." }),
      activationSpec: mkOption({ type: types.raw, internal: true, readOnly: true, description: "What activation applies (computed)." }),
    },
  },
  config: ({ config, pkgs }) => {
    const users = Object.values(config.users.users).filter((u) => u.enable);
    const groups = config.users.groups;
    const spec: UsersSpec = {
      mutableUsers: config.users.mutableUsers,
      users: users.map(
        (u): UserSpec => ({
          name: u.name,
          uid: u.uid,
          group: u.group,
          description: u.description,
          home: u.home,
          homeMode: u.homeMode,
          createHome: u.createHome,
          isSystemUser: u.isSystemUser,
          shell:
            u.shell !== null
              ? shellPath(u.shell)
              : u.isNormalUser
                ? shellPath(config.users.defaultUserShell)
                : u.isSystemUser
                  ? "/usr/sbin/nologin"
                  : null,
          password: u.password,
          hashedPassword: u.hashedPassword,
          hashedPasswordFile: u.hashedPasswordFile,
          initialPassword: u.initialPassword,
          initialHashedPassword: u.initialHashedPassword,
          expires: u.expires,
        }),
      ),
      groups: Object.values(groups).map(
        (g): GroupSpec => ({
          name: g.name,
          gid: g.gid,
          members: [...new Set([...g.members, ...users.filter((u) => u.extraGroups.includes(g.name)).map((u) => u.name)])].sort(),
        }),
      ),
    };
    const uids = users.flatMap((u) => (u.uid === null ? [] : [[u.name, u.uid] as const]));
    const gids = Object.values(groups).flatMap((g) => (g.gid === null ? [] : [[g.name, g.gid] as const]));
    const duplicates = (pairs: readonly (readonly [string, number])[]) =>
      pairs.filter(([name, id]) => pairs.some(([other, otherId]) => other !== name && otherId === id)).map(([name, id]) => `${name} (${id})`);
    return {
      users: { activationSpec: spec },
      system: { activationScripts: { "update-lingering": mkIf(users.some((u) => u.linger !== null), lingerSnippet(users, pkgs.systemd.bin("loginctl"))) } },
      assertions: [
        ...users.map((u) => ({
          assertion: u.uid !== null || u.isNormalUser !== u.isSystemUser,
          message: `Exactly one of users.users.${u.name}.isSystemUser and users.users.${u.name}.isNormalUser must be set.`,
        })),
        ...users.map((u) => ({
          assertion: u.group !== "",
          message: `users.users.${u.name}.group is unset. Set it to a group in users.groups (e.g. the user's own group, or "nogroup").`,
        })),
        ...users.flatMap((u) =>
          [u.group, ...u.extraGroups]
            .filter((g) => g !== "" && !(g in groups) && !/^\d+$/.test(g))
            .map((g) => ({ assertion: false, message: `users.users.${u.name} is in group \`${g}', which is not declared in users.groups.` })),
        ),
        { assertion: duplicates(uids).length === 0, message: `UIDs are used more than once: ${duplicates(uids).join(", ")}.` },
        { assertion: duplicates(gids).length === 0, message: `GIDs are used more than once: ${duplicates(gids).join(", ")}.` },
      ],
    };
  },
});
