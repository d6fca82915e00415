/** What avahi-daemon.conf is made from: the options of services.avahi. */
export interface AvahiSettings {
  hostName: string;
  domainName: string;
  browseDomains: string[];
  ipv4: boolean;
  ipv6: boolean;
  allowInterfaces: string[] | null;
  denyInterfaces: string[] | null;
  allowPointToPoint: boolean;
  cacheEntriesMax: number | null;
  wideArea: boolean;
  publish: { enable: boolean; userServices: boolean; addresses: boolean; hinfo: boolean; workstation: boolean; domain: boolean };
  reflector: boolean;
  extraConfig: string;
}

const yesNo = (b: boolean) => (b ? "yes" : "no");
const opt = (condition: boolean, line: () => string) => (condition ? line() : "");

/**
 * avahi-daemon.conf as nixos/modules/services/networking/avahi-daemon.nix writes it, blank lines
 * of unset options included. An empty hostName (a name from DHCP) leaves avahi the machine's own.
 */
export function avahiDaemonConf(c: AvahiSettings): string {
  return [
    "[server]",
    opt(c.hostName !== "", () => `host-name=${c.hostName}`),
    `browse-domains=${c.browseDomains.join(", ")}`,
    `use-ipv4=${yesNo(c.ipv4)}`,
    `use-ipv6=${yesNo(c.ipv6)}`,
    opt(c.allowInterfaces !== null, () => `allow-interfaces=${(c.allowInterfaces ?? []).join(",")}`),
    opt(c.denyInterfaces !== null, () => `deny-interfaces=${(c.denyInterfaces ?? []).join(",")}`),
    opt(c.domainName !== null, () => `domain-name=${c.domainName}`),
    `allow-point-to-point=${yesNo(c.allowPointToPoint)}`,
    opt(c.cacheEntriesMax !== null, () => `cache-entries-max=${c.cacheEntriesMax}`),
    "",
    "[wide-area]",
    `enable-wide-area=${yesNo(c.wideArea)}`,
    "",
    "[publish]",
    `disable-publishing=${yesNo(!c.publish.enable)}`,
    `disable-user-service-publishing=${yesNo(!c.publish.userServices)}`,
    `publish-addresses=${yesNo(c.publish.userServices || c.publish.addresses)}`,
    `publish-hinfo=${yesNo(c.publish.hinfo)}`,
    `publish-workstation=${yesNo(c.publish.workstation)}`,
    `publish-domain=${yesNo(c.publish.domain)}`,
    "",
    "[reflector]",
    `enable-reflector=${yesNo(c.reflector)}`,
    `${c.extraConfig}\n`,
  ].join("\n");
}
