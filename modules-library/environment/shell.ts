import { defineModule, mkOption, types } from "../../src/modules/index.ts";

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `environment.variables` and `environment.shellAliases`, written to /etc/profile.d/keel.sh,
 * which Debian's /etc/profile and bash read for login shells. PATH comes first so the generation's
 * setuid wrappers win over the plain binaries.
 */
export default defineModule({
  options: {
    environment: {
      variables: mkOption({
        type: types.attrsOf(types.oneOf([types.str, types.listOf(types.str)])),
        default: {},
        example: { EDITOR: "vim" },
        description: "Environment variables of login shells. A list is joined with `:`.",
      }),
      shellAliases: mkOption({
        type: types.attrsOf(types.str),
        default: {},
        example: { ll: "ls -l" },
        description: "Aliases for interactive shells.",
      }),
    },
  },
  config: ({ config }) => {
    // The user's own profile (users.users.<name>.packages) comes before the system's, as in NixOS.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, expanded by the login shell
    const lines = ['export PATH="/run/wrappers/bin:/etc/profiles/per-user/${USER:-$(id -un)}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'];
    for (const [name, value] of Object.entries(config.environment.variables).sort()) {
      lines.push(`export ${name}=${shellQuote(Array.isArray(value) ? value.join(":") : value)}`);
    }
    for (const [name, value] of Object.entries(config.environment.shellAliases).sort()) lines.push(`alias ${name}=${shellQuote(value)}`);
    return { environment: { etc: { "profile.d/keel.sh": { text: `${lines.join("\n")}\n` } } } };
  },
});
