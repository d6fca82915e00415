import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateWith, failedAssertions } from "../lib/testing.ts";

describe("users.users and users.groups", () => {
  test("a normal user gets the users group, a home that is created, and the default shell", () => {
    const { config } = evaluateWith({ config: { users: { users: { alice: { isNormalUser: true, extraGroups: ["wheel", "video"] } } } } });
    const alice = config.users.users.alice;
    assert.equal(alice.group, "users");
    assert.equal(alice.home, "/home/alice");
    assert.equal(alice.createHome, true);
    const spec = config.users.activationSpec;
    const user = spec.users.find((u: { name: string }) => u.name === "alice");
    assert.equal(user.shell, "/bin/bash");
    const wheel = spec.groups.find((g: { name: string }) => g.name === "wheel");
    assert.deepEqual(wheel.members, ["alice"]);
    // Debian's fixed ids for its base groups, allocated ones for the rest.
    assert.equal(spec.groups.find((g: { name: string }) => g.name === "video").gid, 44);
    assert.equal(wheel.gid, null);
  });

  test("a system user gets nologin and no home", () => {
    const { config } = evaluateWith({ config: { users: { users: { svc: { isSystemUser: true, group: "nogroup" } } } } });
    const svc = config.users.activationSpec.users.find((u: { name: string }) => u.name === "svc");
    assert.equal(svc.shell, "/usr/sbin/nologin");
    assert.equal(svc.home, "/var/empty");
    assert.equal(svc.createHome, false);
  });

  test("a shell given as a package becomes its program's path", () => {
    const { config } = evaluateWith(({ pkgs }: { pkgs: Record<string, unknown> }) => ({
      config: { users: { users: { alice: { isNormalUser: true, shell: pkgs.dash } } } },
    }));
    assert.equal(config.users.activationSpec.users.find((u: { name: string }) => u.name === "alice").shell, "/bin/dash");
  });

  test("bad accounts fail with every problem listed", () => {
    const message = failedAssertions(
      evaluateWith({
        config: {
          users: {
            users: { bob: { isNormalUser: true, isSystemUser: true, extraGroups: ["nosuchgroup"] }, carol: { isNormalUser: true, uid: 1500 }, dave: { isNormalUser: true, uid: 1500 } },
          },
        },
      }),
    );
    assert.match(message, /Exactly one of users\.users\.bob\.isSystemUser and users\.users\.bob\.isNormalUser must be set/);
    assert.match(message, /users\.users\.bob is in group `nosuchgroup', which is not declared in users\.groups/);
    assert.match(message, /UIDs are used more than once: carol \(1500\), dave \(1500\)/);
  });

  test("a login name systemd and shadow would refuse is a type error naming the option", () => {
    const { config } = evaluateWith({ config: { users: { users: { "Bad Name": { isNormalUser: true } } } } });
    assert.throws(() => config.users.users["Bad Name"].name, /users\.users\."Bad Name"\.name.*is not of type/s);
  });
});
