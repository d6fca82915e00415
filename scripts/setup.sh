#!/usr/bin/env bash
# Installs what Keel's commands and tests need on a fresh Debian 12 machine with Node:
# npm dependencies, and the Debian tools listed below (only the missing ones; apt-get update once).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian tools Keel calls: archive signature checks, sandboxed builds, containers and VMs for tests.
APT_PACKAGES=(
  gpgv debian-archive-keyring   # verify the archive's signed Release (src/packages)
  bubblewrap                    # run build commands with only their inputs visible (src/store)
  xz-utils zstd binutils        # unpack .deb archives (ar, data.tar.xz/zst); unpack the kernel for PVH boots (src/vm/pvh-kernel.ts)
  apt                           # resolve dependency closures at lock time
  systemd systemd-container     # systemd-analyze verify on generated units; systemd-nspawn boots a generation
  kmod cpio                     # depmod for the kernel modules tree; cpio to check generated initrds
  systemd-boot systemd-boot-efi # bootctl (install/update, and `bootctl list` validates generated entries); the EFI loader (src/bootloader)
  mtools dosfstools fdisk e2fsprogs # ESP and root images without mounts: mkfs.vfat + mcopy, sfdisk, mkfs.ext4 -d (src/bootloader/boot-disk.ts)
  qemu-system-x86 ovmf          # UEFI machines for test-vms/bootloader-* (TCG; OVMF firmware and its variable store); build-vm and test-vms/ (src/vm)
  openssl                       # tests check Keel's SHA-512 crypt against `openssl passwd -6`
  qemu-utils                    # qemu-img: build-vm's qcow2 state disk (made with mkfs.ext4, then converted)
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
