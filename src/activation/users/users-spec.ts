/**
 * What the toplevel hands the activation about accounts: the JSON NixOS's users-groups module
 * gives update-users-groups.pl (only enabled users; group members already include every user
 * that lists the group in extraGroups).
 */
export interface UserSpec {
  name: string;
  uid: number | null;
  group: string;
  description: string;
  home: string;
  homeMode: string;
  createHome: boolean;
  isSystemUser: boolean;
  shell: string | null;
  password: string | null;
  hashedPassword: string | null;
  hashedPasswordFile: string | null;
  initialPassword: string | null;
  initialHashedPassword: string | null;
  /** YYYY-MM-DD, or null for never. */
  expires: string | null;
}

export interface GroupSpec {
  name: string;
  gid: number | null;
  members: string[];
}

export interface UsersSpec {
  mutableUsers: boolean;
  users: UserSpec[];
  groups: GroupSpec[];
}
