import assert from "node:assert/strict";
import { test } from "node:test";
import { findProgram } from "./find-program.ts";
import { type DebEntry, findPrograms } from "./programs.ts";

const entries: DebEntry[] = [
  { mode: "drwxr-xr-x", path: "usr/sbin" },
  { mode: "-rwxr-xr-x", path: "usr/sbin/sshd" },
  { mode: "lrwxrwxrwx", path: "bin/sh" },
  { mode: "-rw-r--r--", path: "usr/bin/not-executable-but-in-bin" },
  { mode: "-rwxr-xr-x", path: "usr/lib/openssh/sftp-server" },
  { mode: "-rwxr-xr-x", path: "usr/lib/x86_64-linux-gnu/libfoo.so.1" },
  { mode: "-rwxr-xr-x", path: "usr/lib/x86_64-linux-gnu/helper" },
  { mode: "-rwxr-xr-x", path: "lib/systemd/systemd-udevd" },
  { mode: "-rw-r--r--", path: "lib/systemd/system/udev.service" },
  { mode: "-rwxr-xr-x", path: "usr/lib/systemd/libsystemd-shared-252.so" },
  { mode: "-rwxr-xr-x", path: "usr/libexec/foo/bar" },
  { mode: "-rwxr-xr-x", path: "usr/share/doc/x/example.sh" },
];

test("findPrograms keeps bin-directory entries and executable helpers, sorted", () => {
  assert.deepEqual(findPrograms(entries), [
    "bin/sh",
    "lib/systemd/systemd-udevd",
    "usr/bin/not-executable-but-in-bin",
    "usr/lib/openssh/sftp-server",
    "usr/libexec/foo/bar",
    "usr/sbin/sshd",
  ]);
});

test("findProgram prefers usr/sbin over bin, takes explicit paths, and suggests on typos", () => {
  const programs = ["bin/foo", "usr/sbin/foo", "usr/lib/openssh/sftp-server", "usr/sbin/sshd"];
  assert.equal(findProgram("p", programs, "foo"), "usr/sbin/foo");
  assert.equal(findProgram("p", programs, "/bin/foo"), "bin/foo");
  assert.equal(findProgram("p", programs, "sftp-server"), "usr/lib/openssh/sftp-server");
  assert.throws(() => findProgram("openssh-server", programs, "shd"), /ships no program "shd"\. Did you mean "sshd"/);
  assert.throws(() => findProgram("p", programs, "usr/bin/foo"), /ships no program "usr\/bin\/foo"/);
});
