import { defineModule, mkDefault } from "../../src/modules/index.ts";

/** What every machine of this fleet shares: time, locale, SSH access with keys only, sudo. */
export default defineModule({
  config: {
    time: { timeZone: mkDefault("Europe/Paris") },
    i18n: { defaultLocale: mkDefault("en_US.UTF-8") },
    console: { keyMap: mkDefault("us") },
    services: {
      openssh: {
        enable: true,
        settings: { PasswordAuthentication: false, KbdInteractiveAuthentication: false, PermitRootLogin: "no" },
      },
    },
    security: { sudo: { enable: true, wheelNeedsPassword: true } },
  },
});
