import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateWith } from "../lib/testing.ts";

test("sysctls, blacklists and modules to load land in their /etc files", () => {
  const { config } = evaluateWith({
    config: {
      // The firewall adds its own modules and blacklist (networking/firewall.test.ts).
      networking: { firewall: { enable: false } },
      boot: {
        kernel: { sysctl: { "net.ipv4.ip_forward": 1, "kernel.sysrq": true, "vm.unset": null } },
        blacklistedKernelModules: ["pcspkr"],
        kernelModules: ["br_netfilter"],
        extraModprobeConfig: "options kvm_amd nested=1",
      },
    },
  });
  const sysctl: string = config.environment.etc["sysctl.d/60-keel.conf"].text;
  assert.match(sysctl, /^net\.ipv4\.ip_forward=1$/m);
  assert.match(sysctl, /^kernel\.sysrq=1$/m);
  assert.doesNotMatch(sysctl, /vm\.unset/);
  assert.equal(config.environment.etc["modprobe.d/keel.conf"].text, "blacklist pcspkr\noptions kvm_amd nested=1\n");
  assert.equal(config.environment.etc["modules-load.d/keel.conf"].text, "br_netfilter\n");
});

test("the kernel defaults to Debian's linux-image-amd64 and keeps the initrd's storage drivers when a host adds its own", () => {
  const { config } = evaluateWith({ config: { boot: { initrd: { availableKernelModules: ["megaraid_sas"] }, kernelParams: ["quiet"] } } });
  assert.match(String(config.boot.kernelPackage.outPath), /-linux-image-amd64-/);
  const modules: string[] = config.boot.initrd.availableKernelModules;
  assert.ok(modules.includes("megaraid_sas") && modules.includes("virtio_blk") && modules.includes("ext4"));
  assert.ok(config.boot.kernelParams.includes("quiet") && config.boot.kernelParams.includes("loglevel=4"));
});
