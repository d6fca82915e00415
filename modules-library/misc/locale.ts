import { defineModule, mkOption, types } from "../../src/modules/index.ts";

/**
 * time.timeZone, time.hardwareClockInLocalTime, i18n.defaultLocale / extraLocaleSettings and
 * console.keyMap. Locales other than C.UTF-8 (built into
 * glibc) are compiled at build time with the locales package's definitions, into a package
 * whose lib/locale lands in /usr/lib/locale, where glibc looks for them.
 */
export default defineModule({
  options: {
    time: {
      timeZone: mkOption({
        type: types.nullOr(types.strMatching("[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*")),
        default: null,
        example: "Europe/Paris",
        description: "The time zone (a name from the tz database); null means UTC.",
      }),
      hardwareClockInLocalTime: mkOption({
        type: types.bool,
        default: false,
        description: "Whether the hardware clock keeps local time instead of UTC (as Windows does on a dual-boot machine).",
      }),
    },
    i18n: {
      defaultLocale: mkOption({ type: types.str, default: "C.UTF-8", example: "en_US.UTF-8", description: "The locale of the system (LANG)." }),
      supportedLocales: mkOption({
        type: types.listOf(types.strMatching("[a-zA-Z_@]+\\.UTF-8")),
        default: [],
        description: "Locales compiled for the system besides C.UTF-8 (the default locale and those of extraLocaleSettings are always added).",
      }),
      extraLocaleSettings: mkOption({
        type: types.attrsOf(types.str),
        default: {},
        example: { LC_MESSAGES: "en_US.UTF-8", LC_TIME: "de_DE.UTF-8" },
        description: "Locale categories set besides LANG (LC_TIME, LC_MONETARY, ...), in locale.conf and the environment.",
      }),
    },
    console: {
      keyMap: mkOption({ type: types.str, default: "us", example: "fr", description: "The keyboard layout of the virtual consoles." }),
    },
  },
  config: ({ config, pkgs }) => {
    const zone = config.time.timeZone ?? "UTC";
    const settings: Record<string, string> = { LANG: config.i18n.defaultLocale, ...config.i18n.extraLocaleSettings };
    const localeConf = Object.entries(settings).map(([k, v]) => `${k}=${v}\n`).join("");
    // A category's value that names a UTF-8 locale is compiled like supportedLocales.
    const extra = Object.values(config.i18n.extraLocaleSettings).filter((l) => /^[a-zA-Z_@]+\.UTF-8$/.test(l));
    const wanted = [...config.i18n.supportedLocales, config.i18n.defaultLocale, ...extra];
    const locales = [...new Set(wanted)].filter((l) => l !== "C.UTF-8").sort();
    const localedef = pkgs["libc-bin"].bin("localedef");
    const compiled =
      locales.length === 0
        ? []
        : [
            pkgs.runCommand("locales-compiled", {
              inputs: [pkgs.locales, pkgs["libc-bin"]],
              env: { I18NPATH: pkgs.locales.path("usr/share/i18n") },
              script: [
                "mkdir -p $out/usr/lib/locale",
                ...locales.map((l) => {
                  const [name] = l.split(".");
                  return `${localedef} --no-archive -i ${name} -f UTF-8 $out/usr/lib/locale/${l} || ${localedef} --no-archive -i ${name} -f UTF-8 $out/usr/lib/locale/${l} 2>&1 | tail -3`;
                }),
              ].join("\n"),
            }),
          ];
    return {
      environment: {
        systemPackages: [pkgs.tzdata, ...(compiled as never[])],
        etc: {
          localtime: { source: pkgs.tzdata.path(`usr/share/zoneinfo/${zone}`), mode: "direct-symlink" },
          timezone: { text: `${zone}\n` },
          "default/locale": { text: localeConf },
          "locale.conf": { text: localeConf },
          // hwclock(8) and timedatectl read the clock's mode here; a copy (mode), as hwclock
          // rewrites its drift fields. Without it both assume UTC.
          ...(config.time.hardwareClockInLocalTime ? { adjtime: { text: "0.0 0 0.0\n0\nLOCAL\n", mode: "0644" } } : {}),
          "vconsole.conf": { text: `KEYMAP=${config.console.keyMap}\n` },
        },
        variables: settings,
      },
      assertions: [],
    };
  },
});
