import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import IncidentEmail, { type IncidentEmailProps } from "./incident";

/** Preview entry only: an update is the open template under a banner saying what changed. */
export default function IncidentUpdateEmail(props: IncidentEmailProps) {
  return <IncidentEmail {...props} />;
}

IncidentUpdateEmail.PreviewProps = {
  event: SAMPLE_EVENTS.incident.updated,
} satisfies IncidentEmailProps;
