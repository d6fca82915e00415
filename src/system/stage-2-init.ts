import { type ActivatorLaunch, renderActivatorStart } from "../activation/activator-launch.ts";
import { SELF } from "./builders/toplevel-builder.ts";

/**
 * A generation's `init` (stage 2), run as PID 1 by the kernel (`init=<toplevel>/init`) or by
 * systemd-nspawn. It is a busybox script because nothing dynamic can run yet: Debian's binaries
 * find their loader and libraries through /lib64 and /usr, which only resolve once
 * /run/current-system points at a generation. It makes the root a merged-usr root over that
 * link, activates the generation, records it as booted, and execs systemd.
 */
export function stage2InitScript(opts: { busybox: string; systemd: string; storeDir: string }): string {
  const bb = `${opts.busybox}/bin/busybox`;
  return `#!${bb} sh
systemConfig=${SELF}
bb=${bb}
echo "<<< Keel stage 2: $systemConfig >>>"

# In a container these are mounted already; on a machine the initrd moved only /dev.
mounted() { $bb grep -q " $1 " /proc/mounts 2>/dev/null; }
[ -e /proc/self ] || $bb mount -t proc -o nosuid,nodev,noexec proc /proc
mounted /sys || $bb mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mounted /dev || $bb mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev
mounted /run || $bb mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs /run
$bb mount -o remount,rw / 2>/dev/null

# The merged-usr root. /usr is a real directory (so /usr/local stays the admin's) whose entries
# link into /run/current-system/sw: flipping that one link switches all of /usr at once.
# /bin, /sbin, /lib and /lib64 point into /usr, as on any merged-usr Debian.
$bb mkdir -p /usr/local
for e in "$systemConfig"/sw/*; do
  e=\${e##*/}
  [ "$e" = local ] && continue
  [ "$($bb readlink "/usr/$e")" = "/run/current-system/sw/$e" ] || $bb ln -sfn "/run/current-system/sw/$e" "/usr/$e"
done
for e in /usr/*; do
  case "$($bb readlink "$e")" in /run/current-system/sw/*) [ -e "$systemConfig/sw/\${e##*/}" ] || $bb rm -f "$e" ;; esac
done
for entry in bin:usr/bin sbin:usr/sbin lib:usr/lib lib64:usr/lib64; do
  name=/\${entry%%:*}; target=\${entry#*:}
  if [ -d "$name" ] && [ ! -L "$name" ]; then
    echo "keel: $name is a real directory; moving it to $name.pre-keel" >&2
    $bb mv "$name" "$name.pre-keel"
  fi
  [ "$($bb readlink "$name")" = "$target" ] || $bb ln -sfn "$target" "$name"
done
$bb mkdir -p /etc ${opts.storeDir}
$bb ln -sfn "$systemConfig" /run/current-system

"$systemConfig/activate" --action boot || echo "keel: activation reported errors; booting anyway" >&2
$bb ln -sfn "$systemConfig" /run/booted-system

exec ${opts.systemd}/lib/systemd/systemd "$@"
`;
}

/**
 * `<toplevel>/activate`: the bundled activator under the generation's own Node.js, started from
 * its V8 startup snapshot when the toplevel has one (activator-snapshot.ts; the plain bundle
 * otherwise, and as the fallback). It runs once, for a few seconds at most, at every boot: V8's
 * optimising compiler does not pay back there, and under emulation (TCG VMs) its compiles compete
 * for the only CPU. Without it boot activation took 5.1 s instead of 5.9 s in a TCG guest (means
 * of 4 alternating runs; with --no-sparkplug as well, 8.2 s instead of 12.5 s under heavy host
 * load). The switch program keeps the default.
 */
export function activateScript(opts: Omit<ActivatorLaunch, "args" | "v8Flags">): string {
  return `#!${opts.busybox}/bin/busybox sh
${renderActivatorStart({ ...opts, v8Flags: ["--no-opt"], args: `"$@" ${SELF}` })}`;
}
