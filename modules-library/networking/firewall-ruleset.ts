export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export interface OpenPorts {
  readonly allowedTCPPorts: readonly number[];
  readonly allowedUDPPorts: readonly number[];
  readonly allowedTCPPortRanges: readonly PortRange[];
  readonly allowedUDPPortRanges: readonly PortRange[];
}

export interface FirewallSettings {
  /** `default` (every interface) plus networking.firewall.interfaces. */
  readonly interfaces: Readonly<Record<string, OpenPorts>>;
  readonly trustedInterfaces: readonly string[];
  readonly allowPing: boolean;
  readonly pingLimit: string | null;
  readonly rejectPackets: boolean;
  readonly logRefusedConnections: boolean;
  readonly logRefusedPackets: boolean;
  readonly logRefusedUnicastsOnly: boolean;
  readonly checkReversePath: boolean | "strict" | "loose";
  readonly logReversePathDrops: boolean;
  readonly filterForward: boolean;
  readonly extraInputRules: string;
  readonly extraForwardRules: string;
  readonly extraReversePathFilterRules: string;
}

const portSet = (ports: readonly number[], ranges: readonly PortRange[]): string =>
  [...[...new Set(ports)].sort((a, b) => a - b).map(String), ...ranges.map((r) => `${r.from}-${r.to}`)].join(", ");

const quoteIf = (name: string): string => `"${name}"`;

/**
 * The body of the firewall's `inet keel-fw` table, rule for rule what nixpkgs'
 * firewall-nftables.nix generates: established traffic and trusted interfaces pass, new
 * connections go through `input-allow` (the open ports, ping, the ICMPv6 that IPv6 needs, DHCPv6
 * replies, extraInputRules); everything else is logged (if asked) and dropped or rejected.
 */
export function renderFirewallTable(s: FirewallSettings): string {
  const out: string[] = [];
  if (s.checkReversePath !== false) {
    out.push(
      "chain rpfilter {",
      "  type filter hook prerouting priority mangle + 10; policy drop;",
      '  meta nfproto ipv4 udp sport . udp dport { 67 . 68, 68 . 67 } accept comment "DHCPv4 client/server"',
      `  fib saddr . mark${s.checkReversePath === "loose" ? "" : " . iif"} oif exists accept`,
      "  jump rpfilter-allow",
      ...(s.logReversePathDrops ? ['  log level info prefix "rpfilter drop: "'] : []),
      "}",
      "",
      "chain rpfilter-allow {",
      ...lines(s.extraReversePathFilterRules),
      "}",
      "",
    );
  }
  out.push("chain input {", "  type filter hook input priority filter; policy drop;");
  if (s.trustedInterfaces.length > 0) out.push(`  iifname { ${[...new Set(s.trustedInterfaces)].map(quoteIf).join(", ")} } accept comment "trusted interfaces"`);
  out.push(
    "  # Some ICMPv6 types like NDP are untracked.",
    "  ct state vmap { invalid : drop, established : accept, related : accept, new : jump input-allow, untracked : jump input-allow }",
  );
  if (s.logRefusedConnections) out.push('  tcp flags syn / fin,syn,rst,ack log level info prefix "refused connection: "');
  if (s.logRefusedPackets && !s.logRefusedUnicastsOnly) {
    out.push('  pkttype broadcast log level info prefix "refused broadcast: "', '  pkttype multicast log level info prefix "refused multicast: "');
  }
  if (s.logRefusedPackets) out.push('  pkttype host log level info prefix "refused packet: "');
  if (s.rejectPackets) out.push("  meta l4proto tcp reject with tcp reset", "  reject");
  out.push("}", "", "chain input-allow {");
  for (const [name, ports] of Object.entries(s.interfaces).sort(([a], [b]) => (a === "default" ? -1 : b === "default" ? 1 : a < b ? -1 : 1))) {
    const match = name === "default" ? "" : `iifname ${quoteIf(name)} `;
    const tcp = portSet(ports.allowedTCPPorts, ports.allowedTCPPortRanges);
    const udp = portSet(ports.allowedUDPPorts, ports.allowedUDPPortRanges);
    if (tcp !== "") out.push(`  ${match}tcp dport { ${tcp} } accept`);
    if (udp !== "") out.push(`  ${match}udp dport { ${udp} } accept`);
  }
  if (s.allowPing) out.push(`  icmp type echo-request ${s.pingLimit !== null ? `limit rate ${s.pingLimit} ` : ""}accept comment "allow ping"`);
  out.push(
    '  icmpv6 type != { nd-redirect, 139 } accept comment "Accept all ICMPv6 messages except redirects and node information queries (type 139). See RFC 4890, section 4.4."',
    '  ip6 daddr fe80::/64 udp dport 546 accept comment "DHCPv6 client"',
    ...lines(s.extraInputRules),
    "}",
  );
  if (s.filterForward) {
    out.push(
      "",
      "chain forward {",
      "  type filter hook forward priority filter; policy drop;",
      "  ct state vmap { invalid : drop, established : accept, related : accept, new : jump forward-allow, untracked : jump forward-allow }",
      "}",
      "",
      "chain forward-allow {",
      '  icmpv6 type != { router-renumbering, 139 } accept comment "Accept all ICMPv6 messages except renumbering and node information queries (type 139). See RFC 4890, section 4.3."',
      '  ct status dnat accept comment "allow port forward"',
      ...lines(s.extraForwardRules),
      "}",
    );
  }
  return `${out.join("\n")}\n`;
}

/**
 * The kernel modules the table's own rules use (Debian builds nftables' expressions as modules).
 * Left to the kernel, each is loaded on demand while `nft -f` runs: the transaction is aborted,
 * one `modprobe` process is spawned per expression (again for every one on each retry) and the
 * whole batch replayed — about 25 modprobe runs for the default table, 3–4 s of a boot under
 * emulation. Loaded ahead by systemd-modules-load they cost one process. Rules added by hand
 * (extraInputRules...) still load what they need on demand.
 */
export function firewallTableModules(
  s: Pick<FirewallSettings, "checkReversePath" | "logRefusedConnections" | "logRefusedPackets" | "logReversePathDrops" | "rejectPackets" | "allowPing" | "pingLimit">,
): string[] {
  const modules = ["nft_ct"]; // ct state (every table), ct status (forward)
  if (s.checkReversePath !== false) modules.push("nft_fib_inet");
  if (s.logRefusedConnections || s.logRefusedPackets || s.logReversePathDrops) modules.push("nft_log", "nf_log_syslog");
  if (s.rejectPackets) modules.push("nft_reject_inet");
  if (s.allowPing && s.pingLimit !== null) modules.push("nft_limit");
  return modules;
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => `  ${l.trim()}`);
}
