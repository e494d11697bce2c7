import { HOUR_MS, reminderFacts } from "../lib/core/reminders";
import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import EscalationEmail, { type EscalationEmailProps } from "./escalation";

/** Preview entry only: a reminder is the open template under a line saying how long it has been open. */
export default function EscalationReminderEmail(props: EscalationEmailProps) {
  return <EscalationEmail {...props} />;
}

EscalationReminderEmail.PreviewProps = {
  event: SAMPLE_EVENTS.escalation.open,
  reminder: reminderFacts(2, 4 * HOUR_MS),
} satisfies EscalationEmailProps;
