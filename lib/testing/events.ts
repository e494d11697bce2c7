import type { IncidentEvent } from "@/lib/core/events";

/** The incident the unit tests send unless they say otherwise; `changes` is what a test varies. */
export function testIncident(changes: Partial<IncidentEvent> = {}): IncidentEvent {
  return {
    id: "inc_1",
    type: "incident",
    status: "open",
    organization: { id: "org_acme", name: "Acme Dental" },
    occurred_at: "2026-11-26T14:03:27Z",
    title: "Ransomware on DESKTOP-01",
    summary: "Files were being encrypted.",
    severity: "high",
    product: "EDR",
    host: "DESKTOP-01",
    report_url: "https://portal.beacon.test/reports/1",
    ...changes,
  };
}
