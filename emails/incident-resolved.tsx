import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import IncidentEmail, { type IncidentEmailProps } from "./incident";

/** Preview entry only: the resolved form is the same template with a resolved event. */
export default function IncidentResolvedEmail(props: IncidentEmailProps) {
  return <IncidentEmail {...props} />;
}

IncidentResolvedEmail.PreviewProps = {
  event: SAMPLE_EVENTS.incident.resolved,
} satisfies IncidentEmailProps;
