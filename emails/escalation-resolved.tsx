import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import EscalationEmail, { type EscalationEmailProps } from "./escalation";

/** Preview entry only: the resolved form is the same template with a resolved event. */
export default function EscalationResolvedEmail(props: EscalationEmailProps) {
  return <EscalationEmail {...props} />;
}

EscalationResolvedEmail.PreviewProps = {
  event: SAMPLE_EVENTS.escalation.resolved,
} satisfies EscalationEmailProps;
