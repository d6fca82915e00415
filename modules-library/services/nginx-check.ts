import type { Package, PackageSet } from "../../src/packages/index.ts";
import { closureOf } from "../../src/packages/index.ts";
import { debianCommandLine } from "../../src/system/debian-exec.ts";
import type { Derivation } from "../../src/store/index.ts";
import { NGINX_PATHS } from "./nginx-config.ts";

/**
 * nginx.conf as a store file, checked at build time by the package's own `nginx -t`, so a typo in
 * extraConfig fails the build with nginx's message instead of failing nginx.service after a switch.
 * (NixOS only runs gixy at build time and `nginx -t` in ExecStartPre; Keel does both.)
 *
 * `nginx -t` does more than parse: it creates the pid file and the temp directories, opens the log
 * files, binds every listener and resolves every host name in `proxy_pass`. So the check runs on
 * a scratch copy whose /run/nginx, /var/cache/nginx and /var/log/nginx point into the build
 * directory, in namespaces of its own (`unshare -rmn`): a network namespace where binding any
 * address and port is allowed (`ip_nonlocal_bind`: the machine's addresses do not exist here),
 * and a mount namespace where the target's /etc/hosts (`hostsText`) is bind-mounted over
 * /etc/hosts, so `localhost` and names from networking.hosts resolve as on the machine. Nothing of
 * the build machine is touched. Names only DNS knows cannot resolve here:
 * services.nginx.validateConfigFile = false turns the check off for such configurations.
 * nginx runs as the namespace's root, so `user root` (a `-g` directive) stops it from handing its
 * temp directories to `nobody`, an id the namespace lacks.
 */
export function checkedNginxConfig(pkgs: PackageSet, pkg: Package, text: string, opts: { check: boolean; hostsText: string }): Derivation {
  const source = pkgs.writeText("nginx.conf", text);
  if (!opts.check) return source;
  const nginx = debianCommandLine(pkgs.store, pkg, "nginx");
  const hosts = pkgs.writeText("nginx-check-hosts", opts.hostsText);
  const scratch = "$PWD/nginx-check";
  const rewrite = [
    `s#${NGINX_PATHS.pid}#${scratch}/nginx.pid#g`,
    `s#${NGINX_PATHS.cache}/#${scratch}/cache/#g`,
    `s#${NGINX_PATHS.logs}/#${scratch}/logs/#g`,
  ].join("; ");
  const inNamespace = [
    "echo 1 > /proc/sys/net/ipv4/ip_nonlocal_bind",
    "echo 1 > /proc/sys/net/ipv6/ip_nonlocal_bind",
    'mount --bind "$1" /etc/hosts',
    "shift",
    'exec "$@"',
  ].join(" && ");
  const script = [
    `mkdir -p nginx-check/cache nginx-check/logs`,
    `sed -e "${rewrite}" ${source.outPath} > nginx-check/nginx.conf`,
    // The sandbox's /etc is private and may lack hosts; outside a sandbox it exists already.
    "[ -e /etc/hosts ] || : > /etc/hosts",
    `unshare -rmn sh -c '${inNamespace}' check ${hosts.outPath} \\`,
    `  ${nginx} -t -q -e stderr -g 'user root root;' -c "$PWD/nginx-check/nginx.conf"`,
    `cp ${source.outPath} "$out"`,
  ].join("\n");
  return pkgs.runCommand("nginx.conf", { script, inputs: [...closureOf([pkg]), source, hosts] });
}
