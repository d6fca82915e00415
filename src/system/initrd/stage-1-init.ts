import type { InitrdMount } from "./initrd-file-systems.ts";

/** A shell word that stays one word whatever it holds. */
const sh = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** `mount_fs` arguments of one mount: mount point, source, type, options, seconds to wait, bind. */
const mountCall = (m: InitrdMount) => `mount_fs ${sh(m.mountPoint)} ${sh(m.source)} ${sh(m.fsType)} ${sh(m.options)} ${m.waitSeconds} ${m.bind ? 1 : 0}`;

/**
 * The initrd's /init (busybox sh): load the modules needed to reach the root file system, mount
 * it and every other file system needed for boot (from the configuration's `fileSystems`), and
 * the host's store over 9p when the kernel command line asks for it (as build-vm does), then hand
 * over to the generation's stage-2 `init` named by `init=`.
 *
 * Kernel parameters read: root=, rootfstype=, rootflags= (they override the configuration's
 * root: build-vm and rescue boots use them), init=, keel.store= (a 9p tag, or the device of a
 * store image: /dev/..., LABEL=..., UUID=...), keel.shell (drop to a shell on failure instead of
 * panicking).
 */
export function stage1InitScript(modulePaths: string[], kernelVersion: string, storeDir: string, mounts: InitrdMount[] = []): string {
  // A module that does not fit this machine (crc32c-intel without SSE4.2, a driver for absent
  // hardware) fails with ENODEV; that is not fatal: a missing root device is reported below.
  const insmods = modulePaths
    .map((p) => {
      const name = p.replace(/^.*\//, "").replace(/\.ko.*$/, "");
      return `insmod /lib/modules/${kernelVersion}/${p} $(modargs ${name}) 2>/dev/null || echo "keel stage 1: skipped ${name}"`;
    })
    .join("\n");
  const root = mounts.find((m) => m.mountPoint === "/");
  const others = mounts.filter((m) => m !== root);
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

# The device node behind a source, or non-zero while it is not there. No udev runs here, so
# /dev/disk/by-* links never appear: labels and UUIDs are looked up with findfs.
resolve() {
  case "$1" in
    LABEL=*|UUID=*) findfs "$1" 2>/dev/null ;;
    /dev/disk/by-label/*) findfs "LABEL=\${1#/dev/disk/by-label/}" 2>/dev/null ;;
    /dev/disk/by-uuid/*) findfs "UUID=\${1#/dev/disk/by-uuid/}" 2>/dev/null ;;
    /dev/*) [ -e "$1" ] && echo "$1" ;;
    *) echo "$1" ;;
  esac
}

# Devices appear asynchronously once their driver is loaded: poll, with a deadline and a message
# that says what was looked for and what is there.
await_device() {
  tries=0
  while ! dev=$(resolve "$1"); do
    [ $tries -eq 0 ] && echo "keel stage 1: waiting for device $1 to appear..."
    tries=$((tries + 1))
    if [ $tries -gt $(($2 * 10)) ]; then
      echo "keel stage 1: block devices present (/proc/partitions):" >&2
      cat /proc/partitions >&2
      fail "timed out after $2 s waiting for device $1, the file system for $3. Check fileSystems.\\"$3\\".device against the disk (blkid shows labels and UUIDs), and that the disk's driver is in boot.initrd.availableKernelModules."
    fi
    sleep 0.1
  done
}

# mount_fs <mount point> <source> <type or empty> <options> <seconds to wait> <bind: 1|0>
mount_fs() {
  if [ "$1" = / ]; then target=/mnt-root; else target="/mnt-root$1"; fi
  if [ "$6" = 1 ]; then dev="/mnt-root$2"; else await_device "$2" "$5" "$1"; fi
  mkdir -p "$target"
  args=
  [ -n "$3" ] && args="-t $3"
  [ -n "$4" ] && args="$args -o $4"
  out=$(mount $args "$dev" "$target" 2>&1) || fail "could not mount $dev ($2) on $1\${3:+ as $3}: $out"
  echo "keel stage 1: mounted $dev on $1\${3:+ ($3)}"
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
[ -n "$init" ] || fail "no init= on the kernel command line"

# The configuration's root (fileSystems."/"), unless the kernel command line names one.
${root ? `root_source=${sh(root.source)}; root_type=${sh(root.fsType)}; root_options=${sh(root.options)}; root_wait=${root.waitSeconds}` : "root_source=; root_type=; root_options=; root_wait=20"}
[ -n "$root" ] && root_source="$root"
[ -n "$fstype" ] && root_type="$fstype"
[ -n "$flags" ] && root_options="$flags"
[ -n "$root_source" ] || fail 'no root file system: the configuration declares no fileSystems."/" and the kernel command line has no root='
mount_fs / "$root_source" "$root_type" "rw\${root_options:+,$root_options}" "$root_wait" 0

case "$store" in
  "") ;;
  # An image of the closure (build-vm --store-image): an ext4 file system, read-only.
  /dev/*|LABEL=*|UUID=*) mount_fs "${storeDir}" "$store" ext4 ro 20 0 ;;
  *)
    mkdir -p "/mnt-root${storeDir}"
    mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro "$store" "/mnt-root${storeDir}" || fail "could not mount the store ($store)"
    ;;
esac
${others.map(mountCall).join("\n")}
[ -e "/mnt-root$init" ] || [ -L "/mnt-root$init" ] || fail "init $init not found on the root file system"

mkdir -p /mnt-root/dev /mnt-root/proc /mnt-root/sys /mnt-root/run
mount --move /dev /mnt-root/dev 2>/dev/null || umount /dev
umount /sys /proc
exec switch_root /mnt-root "$init"
`;
}
