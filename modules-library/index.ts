import type { Module } from "../src/modules/index.ts";
import debianBase from "./base/debian-base.ts";
import kernel from "./boot/kernel.ts";
import loader from "./boot/loader.ts";
import etc from "./environment/etc.ts";
import packages from "./environment/packages.ts";
import fileSystems from "./filesystems/file-systems.ts";
import shell from "./environment/shell.ts";
import vfio from "./hardware/vfio.ts";
import locale from "./misc/locale.ts";
import hostname from "./networking/hostname.ts";
import networkd from "./networking/networkd.ts";
import firewall from "./networking/firewall.ts";
import nftables from "./networking/nftables.ts";
import interfaces from "./networking/interfaces.ts";
import resolved from "./networking/resolved.ts";
import timesyncd from "./services/timesyncd.ts";
import sessionVariables from "./environment/session-variables.ts";
import perUserPackages from "./users/per-user-packages.ts";
import pam from "./security/pam.ts";
import sudo from "./security/sudo.ts";
import wrappers from "./security/wrappers.ts";
import openssh from "./services/openssh.ts";
import activationScripts from "./system/activation-scripts.ts";
import toplevel, { libraryRef } from "./system/toplevel.ts";
import getty from "./systemd/getty.ts";
import journald from "./systemd/journald.ts";
import startAt from "./systemd/start-at.ts";
import systemd from "./systemd/systemd.ts";
import tmpfiles from "./systemd/tmpfiles.ts";
import systemdUser from "./systemd/user.ts";
import baseAccounts from "./users/base-accounts.ts";
import usersGroups from "./users/users-groups.ts";
import tmp from "./boot/tmp.ts";
import timeServers from "./networking/time-servers.ts";
import udev from "./services/udev.ts";
import zramSwap from "./services/zram-swap.ts";
import managerConfig from "./systemd/manager-config.ts";
import logind from "./services/logind.ts";
import fstrim from "./services/fstrim.ts";
import motd from "./users/motd.ts";
import pamLimits from "./security/pam-limits.ts";
import proxy from "./networking/proxy.ts";
import git from "./programs/git.ts";
import ssh from "./programs/ssh.ts";
import nginx from "./services/nginx.ts";
import setEnvironment from "./environment/set-environment.ts";
import zsh from "./programs/zsh.ts";
import cron from "./services/cron.ts";
import fish from "./programs/fish.ts";
import tmux from "./programs/tmux.ts";
import vim from "./programs/vim.ts";
import neovim from "./programs/neovim.ts";
import htop from "./programs/htop.ts";
import logrotate from "./services/logrotate.ts";
import fail2ban from "./services/fail2ban.ts";
import nsswitch from "./base/nsswitch.ts";
import avahi from "./services/avahi.ts";
import nodeExporter from "./services/prometheus-node-exporter.ts";

/** Every library module; a host sees all their options (like NixOS's module list). Only add to it. */
export const allModules: Module[] = [
  debianBase,
  kernel,
  loader,
  etc,
  packages,
  shell,
  vfio,
  locale,
  hostname,
  networkd,
  pam,
  sudo,
  wrappers,
  openssh,
  toplevel,
  getty,
  journald,
  startAt,
  systemd,
  tmpfiles,
  baseAccounts,
  usersGroups,
  fileSystems,
  activationScripts,
  systemdUser,
  nftables,
  firewall,
  interfaces,
  resolved,
  timesyncd,
  sessionVariables,
  perUserPackages,
  tmp,
  timeServers,
  udev,
  zramSwap,
  managerConfig,
  logind,
  fstrim,
  motd,
  pamLimits,
  proxy,
  git,
  ssh,
  setEnvironment,
  zsh,
  cron,
  fish,
  nginx,
  tmux,
  vim,
  neovim,
  htop,
  logrotate,
  fail2ban,
  nsswitch,
  avahi,
  nodeExporter,
];

libraryRef.modules = allModules;
