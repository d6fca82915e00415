/**
 * The initrd's /init (busybox sh): load the modules needed to reach the root file system, mount
 * it (and the host's store over 9p when the kernel command line asks for it, as build-vm does),
 * then hand over to the generation's stage-2 `init` named by `init=`.
 *
 * Kernel parameters read: root=, rootfstype=, rootflags=, init=, keel.store=<9p tag>,
 * keel.shell (drop to a shell on failure instead of panicking).
 */
export function stage1InitScript(modulePaths: string[], kernelVersion: string, storeDir: string): string {
  // A module that does not fit this machine (crc32c-intel without SSE4.2, a driver for absent
  // hardware) fails with ENODEV; that is not fatal: a missing root device is reported below.
  const insmods = modulePaths
    .map((p) => {
      const name = p.replace(/^.*\//, "").replace(/\.ko.*$/, "");
      return `insmod /lib/modules/${kernelVersion}/${p} $(modargs ${name}) 2>/dev/null || echo "keel stage 1: skipped ${name}"`;
    })
    .join("\n");
  return `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin

fail() {
  echo "keel stage 1: $*" >&2
  if grep -q keel.shell /proc/cmdline; then exec sh; fi
  echo "keel stage 1: add keel.shell to the kernel command line for a shell here" >&2
  sleep 5
  exit 1
}

# insmod, unlike modprobe, does not apply <module>.<param>= from the kernel command line.
modargs() {
  under=$(echo "$1" | tr - _); dash=$(echo "$1" | tr _ -)
  for arg in $(cat /proc/cmdline); do
    case "$arg" in "$under".*=*|"$dash".*=*) printf ' %s' "\${arg#*.}" ;; esac
  done
}

mkdir -p /proc /sys /dev /run /mnt-root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "keel stage 1: loading kernel modules"
${insmods}

root=; fstype=; flags=; init=; store=
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    root=*) root="\${arg#root=}" ;;
    rootfstype=*) fstype="\${arg#rootfstype=}" ;;
    rootflags=*) flags="\${arg#rootflags=}" ;;
    init=*) init="\${arg#init=}" ;;
    keel.store=*) store="\${arg#keel.store=}" ;;
  esac
done
[ -n "$root" ] || fail "no root= on the kernel command line"
[ -n "$init" ] || fail "no init= on the kernel command line"
case "$root" in
  LABEL=*) root="/dev/disk/by-label/\${root#LABEL=}" ;;
  UUID=*) root="$(findfs "$root" 2>/dev/null || echo "$root")" ;;
esac

# Devices appear asynchronously; there is no udev here, so poll for the root device.
tries=0
while [ ! -e "$root" ] && [ "\${root#/dev/}" != "$root" ]; do
  tries=$((tries + 1))
  [ $tries -gt 100 ] && fail "root device $root did not appear"
  sleep 0.1
done
opts=rw; [ -n "$flags" ] && opts="rw,$flags"
if [ -n "$fstype" ]; then mount -t "$fstype" -o "$opts" "$root" /mnt-root || fail "could not mount $root"
else mount -o "$opts" "$root" /mnt-root || fail "could not mount $root"; fi

if [ -n "$store" ]; then
  mkdir -p "/mnt-root${storeDir}"
  mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro "$store" "/mnt-root${storeDir}" || fail "could not mount the store ($store)"
fi
[ -e "/mnt-root$init" ] || [ -L "/mnt-root$init" ] || fail "init $init not found on the root file system"

mkdir -p /mnt-root/dev /mnt-root/proc /mnt-root/sys /mnt-root/run
mount --move /dev /mnt-root/dev 2>/dev/null || umount /dev
umount /sys /proc
exec switch_root /mnt-root "$init"
`;
}
