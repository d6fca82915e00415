import { shellQuote } from "../../src/activation/scripts/render-snippets.ts";

/**
 * `users.users.<name>.linger` as an activation snippet (after `users`, so the accounts exist).
 * logind reads /var/lib/systemd/linger/<name> when it starts, so at boot (before logind runs)
 * the file is all there is to it; on a switch logind is running and `loginctl enable-linger`
 * also starts the user's manager now (disable-linger stops it).
 */
export function lingerSnippet(users: { name: string; linger: boolean | null }[], loginctl: string) {
  const names = (want: boolean) => users.filter((u) => u.linger === want).map((u) => shellQuote(u.name)).join(" ");
  const text = `lingerDir=/var/lib/systemd/linger
mkdir -p "$lingerDir"
# logind runs (a switch): let it start or stop the managers; otherwise the files are read at its start.
if [ "\${KEEL_ACTION-}" != boot ] && [ -d /run/systemd/users ]; then live=1; else live=; fi
for user in ${names(true)}; do
  [ -e "$lingerDir/$user" ] && continue
  if [ -n "$live" ]; then ${loginctl} enable-linger "$user"; else touch "$lingerDir/$user"; fi
done
for user in ${names(false)}; do
  [ -e "$lingerDir/$user" ] || continue
  if [ -n "$live" ]; then ${loginctl} disable-linger "$user"; else rm -f "$lingerDir/$user"; fi
done`;
  return { deps: ["users"], text };
}
