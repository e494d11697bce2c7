import { SAMPLE_EVENTS } from "../lib/core/sample-events";
import PlatformActionEmail, { type PlatformActionEmailProps } from "./platform-action";

/** Preview entry only: the resolved form is the same template with a resolved event. */
export default function PlatformActionResolvedEmail(props: PlatformActionEmailProps) {
  return <PlatformActionEmail {...props} />;
}

PlatformActionResolvedEmail.PreviewProps = {
  event: SAMPLE_EVENTS.platform_action.resolved,
} satisfies PlatformActionEmailProps;
