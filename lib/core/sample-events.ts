import type {
  AccountNoticeEvent,
  EscalationEvent,
  EventStatus,
  IncidentEvent,
  NotificationEvent,
  NotificationType,
  PlatformActionEvent,
} from "./events";

/*
 * Realistic events of every type, open, updated and resolved, for previews (the react-email preview
 * server and the portal's preview page) and tests. Never used as defaults for real sends.
 * Each one passes `notificationEvent` (a unit test checks it).
 */

const ACME = { id: "org_acme_dental", name: "Acme Dental" };
const GLOBEX = { id: "org_globex_legal", name: "Globex Legal" };
const INITECH = { id: "org_initech", name: "Initech" };

const incidentOpen: IncidentEvent = {
  id: "inc_7f3a9c2e41d8",
  type: "incident",
  status: "open",
  organization: ACME,
  occurred_at: "2026-11-26T14:03:27Z",
  title: "Ransomware on DESKTOP-RECEPTION-01",
  summary:
    "Files on DESKTOP-RECEPTION-01 were being encrypted by an unsigned binary launched from a scheduled task.",
  severity: "critical",
  product: "EDR",
  host: "DESKTOP-RECEPTION-01",
  findings:
    "A process encrypted files in C:\\Users\\reception\\Documents and deleted volume shadow copies.\n\nThe binary C:\\ProgramData\\upd.exe was started by the scheduled task 'Updater', created 20 minutes earlier by the signed-in user.",
  remediation_steps: [
    "Isolate the host from the network.",
    "Remove the scheduled task 'Updater' and the binary C:\\ProgramData\\upd.exe.",
    "Reset the credentials of the user who was signed in.",
  ],
  report_url: "https://portal.beacon.test/reports/inc_7f3a9c2e41d8",
};

const incidentResolved: IncidentEvent = {
  id: "inc_7f3a9c2e41d8",
  type: "incident",
  status: "resolved",
  organization: ACME,
  occurred_at: "2026-11-26T14:03:27Z",
  resolved_at: "2026-11-26T16:40:02Z",
  title: "Ransomware on DESKTOP-RECEPTION-01",
  summary: "The incident on DESKTOP-RECEPTION-01 is resolved.",
  severity: "critical",
  product: "EDR",
  host: "DESKTOP-RECEPTION-01",
  resolution:
    "All remediation steps were approved and completed; the host was released from isolation.",
  report_url: "https://portal.beacon.test/reports/inc_7f3a9c2e41d8",
};

const incidentUpdated: IncidentEvent = {
  ...incidentOpen,
  status: "updated",
  updated_at: "2026-11-26T14:41:09Z",
  update:
    "A second host, DESKTOP-RECEPTION-02, ran the same scheduled task; it was isolated before any file was encrypted.",
};

const escalationOpen: EscalationEvent = {
  id: "esc_20b6d1f09a77",
  type: "escalation",
  status: "open",
  organization: GLOBEX,
  occurred_at: "2026-11-26T03:12:44Z",
  title: "Suspicious sign-in needs confirmation",
  summary:
    "j.doe@globex.test signed in from Lagos, Nigeria, a location never seen for this account.",
  severity: "high",
  product: "ITDR",
  host: "j.doe@globex.test",
  action_required:
    "Confirm whether the sign-in from Lagos by j.doe@globex.test at 03:12 UTC was expected.",
  if_no_response: "The account stays disabled until someone answers.",
  respond_url: "https://portal.beacon.test/escalations/esc_20b6d1f09a77",
};

const escalationResolved: EscalationEvent = {
  ...escalationOpen,
  status: "resolved",
  summary: "The escalation about the sign-in of j.doe@globex.test is closed.",
  resolved_at: "2026-11-26T07:45:10Z",
  resolution:
    "The user confirmed the sign-in while travelling; the account was re-enabled and the location added to the known list.",
};

const escalationUpdated: EscalationEvent = {
  ...escalationOpen,
  status: "updated",
  updated_at: "2026-11-26T04:02:31Z",
  update:
    "A second sign-in attempt came from the same address in Lagos; it was blocked. The account stays disabled.",
};

const platformActionOpen: PlatformActionEvent = {
  id: "act_5c81e0b3d2aa",
  type: "platform_action",
  status: "open",
  organization: ACME,
  occurred_at: "2026-11-26T14:04:10Z",
  title: "Host isolated",
  summary: "DESKTOP-RECEPTION-01 was isolated from the network while the incident is investigated.",
  action: "host_isolated",
  actor: "Beacon SOC (automated response)",
  target: "DESKTOP-RECEPTION-01",
  host: "DESKTOP-RECEPTION-01",
  report_url: "https://portal.beacon.test/actions/act_5c81e0b3d2aa",
};

const platformActionResolved: PlatformActionEvent = {
  ...platformActionOpen,
  status: "resolved",
  title: "Host released from isolation",
  summary: "DESKTOP-RECEPTION-01 is back on the network.",
  action: "host_released",
  resolved_at: "2026-11-26T16:39:55Z",
  resolution: "The incident was remediated, so the SOC released the host from isolation.",
};

const platformActionUpdated: PlatformActionEvent = {
  ...platformActionOpen,
  status: "updated",
  updated_at: "2026-11-26T15:10:00Z",
  update: "The isolation will last until the remediation steps of the incident are approved.",
};

const accountNoticeOpen: AccountNoticeEvent = {
  id: "ntc_91aa07c4e6b3",
  type: "account_notice",
  status: "open",
  organization: INITECH,
  occurred_at: "2026-11-26T08:00:00Z",
  title: "Agents not reporting",
  summary: "Three agents have not checked in for more than 30 days.",
  body: "Three agents have not checked in for more than 30 days. Review them or uninstall them to keep your billing accurate.\n\nAgents: INITECH-LT-07, INITECH-LT-12, INITECH-SRV-02.",
  action_required: "Review the agents that stopped reporting.",
  url: "https://portal.beacon.test/notices/ntc_91aa07c4e6b3",
};

const accountNoticeResolved: AccountNoticeEvent = {
  ...accountNoticeOpen,
  status: "resolved",
  summary: "All agents of Initech report again.",
  resolved_at: "2026-11-27T09:30:00Z",
  resolution: "Two agents were reinstalled and one retired host was uninstalled.",
};

const accountNoticeUpdated: AccountNoticeEvent = {
  ...accountNoticeOpen,
  status: "updated",
  updated_at: "2026-11-26T18:00:00Z",
  update: "INITECH-LT-12 checked in again; two agents still do not report.",
};

export type SampleEvents = {
  incident: Record<EventStatus, IncidentEvent>;
  escalation: Record<EventStatus, EscalationEvent>;
  platform_action: Record<EventStatus, PlatformActionEvent>;
  account_notice: Record<EventStatus, AccountNoticeEvent>;
};

export const SAMPLE_EVENTS: SampleEvents = {
  incident: { open: incidentOpen, updated: incidentUpdated, resolved: incidentResolved },
  escalation: { open: escalationOpen, updated: escalationUpdated, resolved: escalationResolved },
  platform_action: {
    open: platformActionOpen,
    updated: platformActionUpdated,
    resolved: platformActionResolved,
  },
  account_notice: {
    open: accountNoticeOpen,
    updated: accountNoticeUpdated,
    resolved: accountNoticeResolved,
  },
};

/**
 * A sample event of this type and status; pass an organization to preview the email as
 * that organization would get it. Returns a fresh copy, safe to modify.
 */
export function sampleEvent(
  type: NotificationType,
  status: EventStatus,
  organization?: { id: string; name: string },
): NotificationEvent {
  const event = structuredClone(SAMPLE_EVENTS[type][status]) as NotificationEvent;
  if (organization) event.organization = { id: organization.id, name: organization.name };
  return event;
}
