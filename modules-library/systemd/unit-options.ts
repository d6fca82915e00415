import { mkOption, types } from "../../src/modules/index.ts";
import { unitOption } from "../lib/unit-option.ts";

/**
 * The option sets of systemd units, with NixOS's names and meanings (nixos/lib/systemd-unit-
 * options.nix), so configurations read the same in Keel. Each returns the `options` of a
 * submodule; systemd.ts declares `systemd.services` etc. from them.
 */
const unitNames = (description: string) =>
  mkOption({ type: types.listOf(types.str), default: [], description });

const section = (name: string) =>
  mkOption({
    type: types.attrsOf(unitOption),
    default: {},
    example: name === "Service" ? { RestartSec: 5, Restart: "on-failure" } : undefined,
    description: `Settings for the \`[${name}]\` section of the unit, one attribute per key. A list gives the key once per element.`,
  });

export function commonUnitOptions() {
  return {
    enable: mkOption({
      type: types.bool,
      default: true,
      description: "Whether the unit is installed. A disabled unit is masked (linked to /dev/null), so nothing can start it.",
    }),
    description: mkOption({ type: types.singleLineStr, default: "", description: "The unit's `Description=`." }),
    documentation: unitNames("URIs of documentation for the unit (`Documentation=`)."),
    requires: unitNames("Units this one requires: started with it, and it stops if they fail to start (`Requires=`)."),
    wants: unitNames("Units started together with this one, without a hard dependency (`Wants=`)."),
    upholds: unitNames("Units kept running while this one is active (`Upholds=`)."),
    after: unitNames("Units this one starts after (`After=`)."),
    before: unitNames("Units this one starts before (`Before=`)."),
    bindsTo: unitNames("Like requires, and this unit also stops when they stop (`BindsTo=`)."),
    partOf: unitNames("Units whose stop and restart also stop and restart this one (`PartOf=`)."),
    conflicts: unitNames("Units stopped when this one starts, and the reverse (`Conflicts=`)."),
    requisite: unitNames("Units that must already be active for this one to start (`Requisite=`)."),
    onFailure: unitNames("Units activated when this one enters the failed state (`OnFailure=`)."),
    onSuccess: unitNames("Units activated when this one finishes successfully (`OnSuccess=`)."),
    startLimitIntervalSec: mkOption({
      type: types.nullOr(types.int),
      default: null,
      description: "Rate limiting of starts: the interval in seconds (`StartLimitIntervalSec=`).",
    }),
    startLimitBurst: mkOption({
      type: types.nullOr(types.int),
      default: null,
      description: "Rate limiting of starts: how many starts the interval allows (`StartLimitBurst=`).",
    }),
    unitConfig: section("Unit"),
    restartTriggers: mkOption({
      type: types.listOf(types.unspecified),
      default: [],
      description: "Values (typically files in the store) whose change restarts the unit on switch: they are written to a file the unit names.",
    }),
    reloadTriggers: mkOption({
      type: types.listOf(types.unspecified),
      default: [],
      description: "Like restartTriggers, but a change reloads the unit instead of restarting it.",
    }),
    wantedBy: unitNames("Units that want this one: a `<target>.wants/` link is made for each (Keel never runs `systemctl enable`)."),
    requiredBy: unitNames("Units that require this one: a `<target>.requires/` link is made for each."),
    upheldBy: unitNames("Units that uphold this one: a `<target>.upholds/` link is made for each."),
    aliases: unitNames("Other names for the unit: a symlink is made for each."),
    overrideStrategy: mkOption({
      type: types.enum(["asDropinIfExists", "asDropin"]),
      default: "asDropinIfExists",
      description:
        "How the unit is installed when a package already ships a unit of that name: `asDropinIfExists` adds these settings as a drop-in only then, `asDropin` always does.",
    }),
  };
}

const script = (description: string) => mkOption({ type: types.lines, default: "", description });

export function serviceOptions() {
  return {
    ...commonUnitOptions(),
    environment: mkOption({
      type: types.attrsOf(types.nullOr(types.oneOf([types.str, types.path, types.package]))),
      default: {},
      example: { TZ: "CET" },
      description: "Environment variables of the service's processes (`Environment=`); null leaves a variable out.",
    }),
    path: mkOption({
      type: types.listOf(types.oneOf([types.package, types.str])),
      default: [],
      description: "Packages whose `bin` and `sbin` directories are put on the service's PATH.",
    }),
    serviceConfig: section("Service"),
    script: script("Shell commands run as the service's main process (`ExecStart=`, under `bash` with `set -e`)."),
    scriptArgs: mkOption({ type: types.str, default: "", description: "Arguments passed to the script (`$1`, `$2`, ...)." }),
    preStart: script("Shell commands run before the main process (`ExecStartPre=`)."),
    postStart: script("Shell commands run after the main process has started (`ExecStartPost=`)."),
    reload: script("Shell commands that reload the service (`ExecReload=`)."),
    preStop: script("Shell commands run to stop the service (`ExecStop=`)."),
    postStop: script("Shell commands run after the service has stopped (`ExecStopPost=`)."),
    restartIfChanged: mkOption({
      type: types.bool,
      default: true,
      description: "Whether a switch restarts the service when its unit changed. Off for services whose restart would cut the switch itself off.",
    }),
    reloadIfChanged: mkOption({
      type: types.bool,
      default: false,
      description: "Whether a switch reloads, instead of restarting, the service when its unit changed.",
    }),
    stopIfChanged: mkOption({
      type: types.bool,
      default: true,
      description:
        "Whether a changed service is stopped before the new configuration is activated and started after (true), or restarted once afterwards (false).",
    }),
    notSocketActivated: mkOption({
      type: types.bool,
      default: false,
      description: "Whether a switch may restart the service directly even though a socket of the same name exists.",
    }),
    startAt: mkOption({
      type: types.coercedTo(types.str, (s: string) => [s], types.listOf(types.str)),
      default: [],
      example: "Sun 14:00:00",
      description: "When to start the service, as systemd calendar expressions: a `<name>.timer` is created.",
    }),
  };
}

export function socketOptions() {
  return {
    ...commonUnitOptions(),
    listenStreams: mkOption({ type: types.listOf(types.str), default: [], example: ["0.0.0.0:993", "/run/my-socket"], description: "Addresses to listen on for a stream (`ListenStream=`)." }),
    listenDatagrams: mkOption({ type: types.listOf(types.str), default: [], description: "Addresses to listen on for datagrams (`ListenDatagram=`)." }),
    socketConfig: section("Socket"),
  };
}

export function timerOptions() {
  return { ...commonUnitOptions(), timerConfig: section("Timer") };
}

export function pathOptions() {
  return { ...commonUnitOptions(), pathConfig: section("Path") };
}

export function sliceOptions() {
  return { ...commonUnitOptions(), sliceConfig: section("Slice") };
}

export function automountOptions() {
  return {
    ...commonUnitOptions(),
    where: mkOption({ type: types.str, example: "/mnt", description: "The absolute mount point (`Where=`); the unit is named after it." }),
    automountConfig: section("Automount"),
  };
}

export function mountOptions() {
  return {
    ...commonUnitOptions(),
    what: mkOption({ type: types.str, example: "/dev/sda1", description: "What to mount (`What=`)." }),
    where: mkOption({ type: types.str, example: "/mnt", description: "The absolute mount point (`Where=`); the unit is named after it." }),
    type: mkOption({ type: types.str, default: "", example: "ext4", description: "File system type (`Type=`)." }),
    options: mkOption({ type: types.commas, default: "", example: "noatime", description: "Mount options (`Options=`)." }),
    mountConfig: section("Mount"),
  };
}

/** `systemd.units.<name>`: a unit as text, what the typed unit options render to. */
export function renderedUnitOptions() {
  return {
    text: mkOption({ type: types.nullOr(types.str), default: null, description: "The unit file's text; null masks the unit." }),
    wantedBy: unitNames("Units that want this one."),
    requiredBy: unitNames("Units that require this one."),
    upheldBy: unitNames("Units that uphold this one."),
    aliases: unitNames("Other names for the unit."),
    overrideStrategy: mkOption({ type: types.enum(["asDropinIfExists", "asDropin"]), default: "asDropinIfExists", description: "See systemd.services.<name>.overrideStrategy." }),
  };
}
