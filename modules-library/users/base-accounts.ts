import { defineModule, mkDefault } from "../../src/modules/index.ts";

/**
 * The accounts a Debian system has from base-passwd and systemd's sysusers.d (the ids Debian
 * fixes), declared so that activation keeps them: Keel masks systemd-sysusers, which would
 * otherwise add accounts behind the configuration's back at every boot.
 */
const fixedGroups: Record<string, number> = {
  root: 0, daemon: 1, bin: 2, sys: 3, adm: 4, tty: 5, disk: 6, lp: 7, mail: 8, news: 9, uucp: 10, man: 12, proxy: 13,
  kmem: 15, dialout: 20, fax: 21, voice: 22, cdrom: 24, floppy: 25, tape: 26, sudo: 27, audio: 29, dip: 30, "www-data": 33,
  backup: 34, operator: 37, list: 38, irc: 39, src: 40, shadow: 42, utmp: 43, video: 44, sasl: 45, plugdev: 46, staff: 50,
  games: 60, users: 100, nogroup: 65534,
};
/** Groups udev rules and systemd units name, with ids allocated on the machine. */
const dynamicGroups = ["wheel", "systemd-journal", "systemd-network", "input", "kvm", "render", "sgx", "messagebus"];

const nologin = "/usr/sbin/nologin";
const systemUsers: [name: string, uid: number | null, group: string, home: string, shell: string][] = [
  ["daemon", 1, "daemon", "/usr/sbin", nologin],
  ["bin", 2, "bin", "/bin", nologin],
  ["sys", 3, "sys", "/dev", nologin],
  ["sync", 4, "nogroup", "/bin", "/bin/sync"],
  ["games", 5, "games", "/usr/games", nologin],
  ["man", 6, "man", "/var/cache/man", nologin],
  ["lp", 7, "lp", "/var/spool/lpd", nologin],
  ["mail", 8, "mail", "/var/mail", nologin],
  ["news", 9, "news", "/var/spool/news", nologin],
  ["uucp", 10, "uucp", "/var/spool/uucp", nologin],
  ["proxy", 13, "proxy", "/bin", nologin],
  ["www-data", 33, "www-data", "/var/www", nologin],
  ["backup", 34, "backup", "/var/backups", nologin],
  ["list", 38, "list", "/var/list", nologin],
  ["irc", 39, "irc", "/run/ircd", nologin],
  ["_apt", 42, "nogroup", "/nonexistent", nologin],
  ["nobody", 65534, "nogroup", "/nonexistent", nologin],
  ["systemd-network", null, "systemd-network", "/nonexistent", nologin],
  ["messagebus", null, "messagebus", "/nonexistent", nologin],
];

export default defineModule({
  config: {
    users: {
      groups: Object.fromEntries([
        ...Object.entries(fixedGroups).map(([name, gid]) => [name, { gid: mkDefault(gid) }]),
        ...dynamicGroups.map((name) => [name, {}]),
      ]),
      users: {
        root: { uid: 0, group: "root", home: "/root", shell: mkDefault("/bin/bash"), description: "root", hashedPassword: mkDefault("!") },
        ...Object.fromEntries(
          systemUsers.map(([name, uid, group, home, shell]) => [
            name,
            { isSystemUser: true, uid: mkDefault(uid), group: mkDefault(group), home: mkDefault(home), shell: mkDefault(shell) },
          ]),
        ),
      },
    },
  },
});
