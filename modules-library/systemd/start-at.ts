import { defineModule } from "../../src/modules/index.ts";

/** `systemd.services.<name>.startAt` → a `<name>.timer` wanted by timers.target (as NixOS). */
export default defineModule({
  config: ({ config }) => {
    const timers: Record<string, { wantedBy: string[]; timerConfig: { OnCalendar: string[] } }> = {};
    for (const [name, service] of Object.entries(config.systemd.services)) {
      if (service.startAt.length === 0) continue;
      timers[name] = { wantedBy: ["timers.target"], timerConfig: { OnCalendar: service.startAt } };
    }
    return { systemd: { timers } };
  },
});
